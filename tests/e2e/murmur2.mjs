// Kafka's Utils.murmur2 and toPositive, ported to JS so the end-to-end test predicts the
// partition of a key independently of the Rust engine (BuiltInPartitioner.partitionForKey).

export function murmur2(bytes) {
  const m = 0x5bd1e995;
  const r = 24;
  const length = bytes.length;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k = (bytes[i4] & 0xff) | ((bytes[i4 + 1] & 0xff) << 8) | ((bytes[i4 + 2] & 0xff) << 16) | ((bytes[i4 + 3] & 0xff) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  const tail = length & ~3;
  switch (length % 4) {
    case 3:
      h ^= (bytes[tail + 2] & 0xff) << 16;
    // falls through
    case 2:
      h ^= (bytes[tail + 1] & 0xff) << 8;
    // falls through
    case 1:
      h ^= bytes[tail] & 0xff;
      h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

export const toPositive = (n) => n & 0x7fffffff;

export function partitionForKey(key, numPartitions) {
  return toPositive(murmur2(new TextEncoder().encode(key))) % numPartitions;
}
