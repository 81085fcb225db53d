// Shared by the lesson tests: the right answers of a lesson, read from its Markdown file, and
// answering a question with them as a learner does.
import { readFileSync } from 'node:fs';

export /** The right answers of a lesson file, per step: [{ right: [indexes] } | { accept: 'text' }]. */
function answers(file) {
  const steps = [];
  let fence = null;
  let block = null;
  for (const line of readFileSync(new URL(`../../lessons/${file}`, import.meta.url), 'utf8').split('\n')) {
    if (fence) {
      if (line.trim() === fence) {
        if (block) steps.at(-1).push(block);
        fence = null;
        block = null;
      } else if (block) {
        const opt = line.match(/^[-*] \[([ xX])\]/);
        if (opt) {
          if (opt[1] !== ' ') block.right.push(block.options);
          block.options += 1;
        }
        const acc = line.match(/^accept:(.*)$/);
        if (acc) block.accept = acc[1].split('|')[0].trim();
      }
      continue;
    }
    const open = line.match(/^(`{3,}|~{3,})\s*(\w*)/);
    if (open) {
      fence = open[1];
      block = open[2] === 'question' ? { right: [], options: 0 } : null;
    } else if (line.startsWith('## ')) {
      steps.push([]);
    }
  }
  return steps;
}

/** Answers one question right and waits for "Right.". */
export async function answerQuestion(question, a) {
  if (a.accept !== undefined) {
    await question.locator('input[type=text]').fill(a.accept);
  } else {
    const inputs = question.locator('input');
    for (const i of a.right) await inputs.nth(i).check();
  }
  await question.getByTestId('question-check').click();
  await question.getByTestId('question-result').filter({ hasText: 'Right.' }).waitFor();
}
