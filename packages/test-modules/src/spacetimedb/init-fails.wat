;; Invalid for publishing: its only reducer, `init` (Init), always fails with "init failed", so a
;; first publish must be refused (SpacetimeDB answers 500) and leave no database behind.
(module
  ;; @include lib/imports.wat
  ;; @include lib/runtime.wat

  (data (i32.const 0x100) "\0a\00\00\00init_fails")
  (data (i32.const 0x140) "\0e\00\00\00init-fails.wat")
  (global $s_init_failed i32 (i32.const 0x400))
  (data (i32.const 0x400) "\0b\00\00\00init failed")

  ;; Reducer ids: 0 init.
  (func (export "__call_reducer__")
    (param $id i32)
    (param $sender_0 i64) (param $sender_1 i64) (param $sender_2 i64) (param $sender_3 i64)
    (param $connection_id_0 i64) (param $connection_id_1 i64)
    (param $timestamp i64) (param $args i32) (param $error_sink i32)
    (result i32)
    (call $begin_call (local.get $error_sink) (local.get $args))
    (if (i32.eqz (local.get $id)) (then (return (call $init))))
    (call $fail (global.get $s_no_such_reducer)))

  (func $init (result i32)
    (call $fail (global.get $s_init_failed)))
)
