fn main() {
    console_error_panic_hook::set_once();
    kafka_playground::ui::mount();
}
