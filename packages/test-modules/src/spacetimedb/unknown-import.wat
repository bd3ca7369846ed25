;; Invalid for publishing: besides the ABI it imports `spacetime_10.0`.`no_such_call`, a host
;; function that does not exist, so instantiating it must fail. Otherwise a complete module with
;; an empty definition.
(module
  ;; @include lib/imports.wat
  (import "spacetime_10.0" "no_such_call" (func $no_such_call))
  ;; @include lib/runtime.wat

  (data (i32.const 0x100) "\0e\00\00\00unknown_import")
  (data (i32.const 0x140) "\12\00\00\00unknown-import.wat")

  (func (export "__call_reducer__")
    (param $id i32)
    (param $sender_0 i64) (param $sender_1 i64) (param $sender_2 i64) (param $sender_3 i64)
    (param $connection_id_0 i64) (param $connection_id_1 i64)
    (param $timestamp i64) (param $args i32) (param $error_sink i32)
    (result i32)
    (call $no_such_call)
    (call $begin_call (local.get $error_sink) (local.get $args))
    (call $fail (global.get $s_no_such_reducer)))
)
