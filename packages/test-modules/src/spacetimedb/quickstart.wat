;; The module `spacetime init` generates for Rust, by hand: a private table `person` {name: String}
;; and the reducers add, identity_connected, identity_disconnected, init and say_hello. The
;; reducer ids are their positions in the definition (quickstart.ts), which lists them by name as
;; the Rust bindings do.
(module
  ;; @include lib/imports.wat
  ;; @include lib/runtime.wat

  ;; ---- constants (lstr: u32 length + UTF-8; addresses from 0x400, see lib/runtime.wat) --------
  (data (i32.const 0x100) "\0a\00\00\00quickstart")
  (data (i32.const 0x140) "\0e\00\00\00quickstart.wat")
  (global $s_person i32 (i32.const 0x400))
  (data (i32.const 0x400) "\06\00\00\00person")
  (global $s_hello_prefix i32 (i32.const 0x410))
  (data (i32.const 0x410) "\07\00\00\00Hello, ")
  (global $s_hello_suffix i32 (i32.const 0x420))
  (data (i32.const 0x420) "\01\00\00\00!")
  (global $s_hello_world i32 (i32.const 0x430))
  (data (i32.const 0x430) "\0d\00\00\00Hello, World!")

  ;; Reducer ids: 0 add, 1 identity_connected, 2 identity_disconnected, 3 init, 4 say_hello.
  (func (export "__call_reducer__")
    (param $id i32)
    (param $sender_0 i64) (param $sender_1 i64) (param $sender_2 i64) (param $sender_3 i64)
    (param $connection_id_0 i64) (param $connection_id_1 i64)
    (param $timestamp i64) (param $args i32) (param $error_sink i32)
    (result i32)
    (call $begin_call (local.get $error_sink) (local.get $args))
    (if (i32.eq (local.get $id) (i32.const 0)) (then (return (call $add))))
    (if (i32.eq (local.get $id) (i32.const 1)) (then (return (call $identity_connected))))
    (if (i32.eq (local.get $id) (i32.const 2)) (then (return (call $identity_disconnected))))
    (if (i32.eq (local.get $id) (i32.const 3)) (then (return (call $init))))
    (if (i32.eq (local.get $id) (i32.const 4)) (then (return (call $say_hello))))
    (call $fail (global.get $s_no_such_reducer)))

  ;; add(name: String): inserts Person { name }. The row's BSATN is the String itself.
  (func $add (result i32)
    (local $name i32)
    (local $errno i32)
    (local.set $name (call $args_string))
    (call $row_start)
    (call $row_string (local.get $name))
    (local.set $errno (call $insert_row (call $table_id (global.get $s_person))))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_insert_bsatn) (local.get $errno)))))
    (i32.const 0))

  ;; Lifecycle reducers: the template's are empty.
  (func $identity_connected (result i32)
    (i32.const 0))

  (func $identity_disconnected (result i32)
    (i32.const 0))

  (func $init (result i32)
    (i32.const 0))

  ;; say_hello(): logs "Hello, <name>!" for every person, then "Hello, World!", at Info level.
  (func $say_hello (result i32)
    (local $iter i32)
    (local $status i32)
    (local $row i32)
    (local $batch_end i32)
    (local.set $iter (call $table_scan (call $table_id (global.get $s_person))))
    (loop $next_batch
      (local.set $status (call $iter_next_batch (local.get $iter)))
      (local.set $row (global.get $SCAN))
      (local.set $batch_end (i32.add (global.get $SCAN) (global.get $scan_length)))
      ;; Each row is one String, the person's name.
      (block $batch_done
        (loop $next_row
          (br_if $batch_done (i32.ge_u (local.get $row) (local.get $batch_end)))
          (call $msg_start)
          (call $msg_text (global.get $s_hello_prefix))
          (call $msg_text (local.get $row))
          (call $msg_text (global.get $s_hello_suffix))
          (call $log_msg (global.get $LEVEL_INFO))
          (local.set $row (i32.add (local.get $row) (call $lstr_size (local.get $row))))
          (br $next_row)))
      (br_if $next_batch (i32.eqz (local.get $status))))
    (call $log_info (global.get $s_hello_world))
    (i32.const 0))
)
