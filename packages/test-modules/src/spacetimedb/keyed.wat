;; A module that exercises keys, indexes and failures (definition in keyed.ts):
;;   user  (public)  {id: u64 primary key auto_inc, email: String unique, name: String, age: u32}
;;                   indexes user_id_idx_btree (unique), user_email_idx_btree (unique),
;;                   user_age_idx_btree; the index names are the ones SpacetimeDB generates for
;;                   indexes the definition leaves unnamed, as the Rust bindings do.
;;   audit (private) {note: String}
;; A user row in BSATN: id u64 (8 bytes), email String, name String, age u32 (4 bytes).
(module
  ;; @include lib/imports.wat
  ;; @include lib/runtime.wat

  ;; ---- constants (lstr: u32 length + UTF-8; addresses from 0x400, see lib/runtime.wat) --------
  (data (i32.const 0x100) "\05\00\00\00keyed")
  (data (i32.const 0x140) "\09\00\00\00keyed.wat")
  (global $s_user i32 (i32.const 0x400))
  (data (i32.const 0x400) "\04\00\00\00user")
  (global $s_audit i32 (i32.const 0x410))
  (data (i32.const 0x410) "\05\00\00\00audit")
  (global $s_user_id_idx i32 (i32.const 0x420))
  (data (i32.const 0x420) "\11\00\00\00user_id_idx_btree")
  (global $s_user_email_idx i32 (i32.const 0x440))
  (data (i32.const 0x440) "\14\00\00\00user_email_idx_btree")
  (global $s_user_age_idx i32 (i32.const 0x460))
  (data (i32.const 0x460) "\12\00\00\00user_age_idx_btree")
  ;; The audit row init inserts: one String, so the lstr is the row's BSATN.
  (global $s_initialised i32 (i32.const 0x480))
  (data (i32.const 0x480) "\0b\00\00\00initialised")
  (global $s_created_user i32 (i32.const 0x490))
  (data (i32.const 0x490) "\0d\00\00\00created user ")
  (global $s_no_such_user i32 (i32.const 0x4B0))
  (data (i32.const 0x4B0) "\0c\00\00\00no such user")
  (global $s_not_found i32 (i32.const 0x4C0))
  (data (i32.const 0x4C0) "\09\00\00\00not found")
  (global $s_add_then_fail i32 (i32.const 0x4D0))
  (data (i32.const 0x4D0) "\1a\00\00\00add_then_fail always fails")
  (global $s_users i32 (i32.const 0x4F0))
  (data (i32.const 0x4F0) "\06\00\00\00 users")
  (global $s_deleted i32 (i32.const 0x500))
  (data (i32.const 0x500) "\08\00\00\00deleted ")
  (global $s_datastore_update_bsatn i32 (i32.const 0x510))
  (data (i32.const 0x510) "\16\00\00\00datastore_update_bsatn")
  (global $s_datastore_table_row_count i32 (i32.const 0x530))
  (data (i32.const 0x530) "\19\00\00\00datastore_table_row_count")
  (global $s_datastore_index_scan_point_bsatn i32 (i32.const 0x550))
  (data (i32.const 0x550) "\20\00\00\00datastore_index_scan_point_bsatn")
  (global $s_datastore_delete_by_index_scan_point_bsatn i32 (i32.const 0x580))
  (data (i32.const 0x580) "\2a\00\00\00datastore_delete_by_index_scan_point_bsatn")
  (global $s_datastore_delete_by_index_scan_range_bsatn i32 (i32.const 0x5B0))
  (data (i32.const 0x5B0) "\2a\00\00\00datastore_delete_by_index_scan_range_bsatn")

  ;; The Bound tags of a BSATN `Bound<AlgebraicValue>`.
  (global $BOUND_EXCLUDED i32 (i32.const 1))
  (global $BOUND_UNBOUNDED i32 (i32.const 2))

  ;; Reducer ids: 0 init, 1 create_user, 2 rename_user, 3 delete_user, 4 delete_younger_than,
  ;; 5 count_users, 6 log_users, 7 find_by_email, 8 add_then_fail, 9 add_then_trap, 10 log_identity.
  (func (export "__call_reducer__")
    (param $id i32)
    (param $sender_0 i64) (param $sender_1 i64) (param $sender_2 i64) (param $sender_3 i64)
    (param $connection_id_0 i64) (param $connection_id_1 i64)
    (param $timestamp i64) (param $args i32) (param $error_sink i32)
    (result i32)
    (call $begin_call (local.get $error_sink) (local.get $args))
    (if (i32.eq (local.get $id) (i32.const 0)) (then (return (call $init))))
    (if (i32.eq (local.get $id) (i32.const 1)) (then (return (call $create_user))))
    (if (i32.eq (local.get $id) (i32.const 2)) (then (return (call $rename_user))))
    (if (i32.eq (local.get $id) (i32.const 3)) (then (return (call $delete_user))))
    (if (i32.eq (local.get $id) (i32.const 4)) (then (return (call $delete_younger_than))))
    (if (i32.eq (local.get $id) (i32.const 5)) (then (return (call $count_users))))
    (if (i32.eq (local.get $id) (i32.const 6)) (then (return (call $log_users))))
    (if (i32.eq (local.get $id) (i32.const 7)) (then (return (call $find_by_email))))
    (if (i32.eq (local.get $id) (i32.const 8)) (then (return (call $add_then_fail))))
    (if (i32.eq (local.get $id) (i32.const 9)) (then (return (call $add_then_trap))))
    (if (i32.eq (local.get $id) (i32.const 10)) (then (return (call $log_identity))))
    (call $fail (global.get $s_no_such_reducer)))

  ;; ---- user rows ------------------------------------------------------------------------------

  ;; Inserts a user with id 0, which the id sequence replaces; returns the errno. On success ROW
  ;; holds the generated id (u64).
  (func $insert_user (param $email i32) (param $name i32) (param $age i32) (result i32)
    (call $row_start)
    (call $row_u64 (i64.const 0))
    (call $row_string (local.get $email))
    (call $row_string (local.get $name))
    (call $row_u32 (local.get $age))
    (call $insert_row (call $table_id (global.get $s_user))))

  (func $user_email (param $row i32) (result i32)
    (i32.add (local.get $row) (i32.const 8)))

  (func $user_name (param $row i32) (result i32)
    (local $email i32)
    (local.set $email (call $user_email (local.get $row)))
    (i32.add (local.get $email) (call $lstr_size (local.get $email))))

  (func $user_age (param $row i32) (result i32)
    (local $name i32)
    (local.set $name (call $user_name (local.get $row)))
    (i32.load (i32.add (local.get $name) (call $lstr_size (local.get $name)))))

  (func $user_row_size (param $row i32) (result i32)
    (local $name i32)
    (local.set $name (call $user_name (local.get $row)))
    (i32.sub (i32.add (i32.add (local.get $name) (call $lstr_size (local.get $name))) (i32.const 4))
      (local.get $row)))

  ;; Reads the rows of a point scan on a unique index: returns the address of the row in SCAN,
  ;; or 0 when there is none, or -1 after writing an error for a failed scan.
  (func $find_one (param $index_id i32) (param $point i32) (param $point_length i32) (result i32)
    (local $errno i32)
    (local $iter i32)
    (local.set $errno (call $datastore_index_scan_point_bsatn
      (local.get $index_id) (local.get $point) (local.get $point_length) (global.get $OUT_ITER)))
    (if (local.get $errno)
      (then
        (drop (call $fail_errno (global.get $s_datastore_index_scan_point_bsatn) (local.get $errno)))
        (return (i32.const -1))))
    (local.set $iter (i32.load (global.get $OUT_ITER)))
    ;; 0 = the iterator may still hold rows: the module does not read them, so it frees it.
    (if (i32.eqz (call $iter_next_batch (local.get $iter))) (then (call $iter_close (local.get $iter))))
    (if (i32.eqz (global.get $scan_length)) (then (return (i32.const 0))))
    (global.get $SCAN))

  ;; ---- reducers -------------------------------------------------------------------------------

  ;; init (Init): records that the database was initialised.
  (func $init (result i32)
    (local $errno i32)
    (call $row_start)
    (call $row_string (global.get $s_initialised))
    (local.set $errno (call $insert_row (call $table_id (global.get $s_audit))))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_insert_bsatn) (local.get $errno)))))
    (i32.const 0))

  ;; create_user(email: String, name: String, age: u32): inserts a user; logs "created user <id>".
  ;; A taken email fails with the insert's errno (UNIQUE_ALREADY_EXISTS, 12).
  (func $create_user (result i32)
    (local $email i32)
    (local $name i32)
    (local $age i32)
    (local $errno i32)
    (local.set $email (call $args_string))
    (local.set $name (call $args_string))
    (local.set $age (call $args_u32))
    (local.set $errno (call $insert_user (local.get $email) (local.get $name) (local.get $age)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_insert_bsatn) (local.get $errno)))))
    (call $msg_start)
    (call $msg_text (global.get $s_created_user))
    (call $msg_u64 (i64.load (global.get $ROW)))
    (call $log_msg (global.get $LEVEL_INFO))
    (i32.const 0))

  ;; rename_user(id: u64, name: String): finds the user through the id index and replaces its
  ;; name with datastore_update_bsatn (which locates the row through the same unique index).
  (func $rename_user (result i32)
    (local $id i32)
    (local $name i32)
    (local $old i32)
    (local $errno i32)
    ;; The point is the id's BSATN: its 8 bytes, still in ARGS.
    (local.set $id (call $args_take (i32.const 8)))
    (local.set $name (call $args_string))
    (local.set $old (call $find_one (call $index_id (global.get $s_user_id_idx)) (local.get $id) (i32.const 8)))
    (if (i32.eq (local.get $old) (i32.const -1)) (then (return (i32.const 1))))
    (if (i32.eqz (local.get $old)) (then (return (call $fail (global.get $s_no_such_user)))))
    (call $row_start)
    (call $row_bytes (local.get $id) (i32.const 8))
    (call $row_string (call $user_email (local.get $old)))
    (call $row_string (local.get $name))
    (call $row_u32 (call $user_age (local.get $old)))
    (i32.store (global.get $LEN) (call $row_length))
    (local.set $errno (call $datastore_update_bsatn
      (call $table_id (global.get $s_user)) (call $index_id (global.get $s_user_id_idx))
      (global.get $ROW) (global.get $LEN)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_update_bsatn) (local.get $errno)))))
    (i32.const 0))

  ;; delete_user(id: u64): deletes by a point on the id index; "no such user" when none matched.
  (func $delete_user (result i32)
    (local $id i32)
    (local $errno i32)
    (local.set $id (call $args_take (i32.const 8)))
    (local.set $errno (call $datastore_delete_by_index_scan_point_bsatn
      (call $index_id (global.get $s_user_id_idx)) (local.get $id) (i32.const 8) (global.get $OUT_U64)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_delete_by_index_scan_point_bsatn) (local.get $errno)))))
    (if (i32.eqz (i32.load (global.get $OUT_U64))) (then (return (call $fail (global.get $s_no_such_user)))))
    (i32.const 0))

  ;; delete_younger_than(age: u32): deletes the users with age in (unbounded, age), an excluded
  ;; upper bound, through the age index with an empty prefix; logs "deleted <n> users".
  (func $delete_younger_than (result i32)
    (local $age i32)
    (local $errno i32)
    (local.set $age (call $args_u32))
    ;; start = Unbounded (tag only); end = Excluded(age) (tag + u32).
    (i32.store8 (global.get $BOUND_START) (global.get $BOUND_UNBOUNDED))
    (i32.store8 (global.get $BOUND_END) (global.get $BOUND_EXCLUDED))
    (i32.store (i32.add (global.get $BOUND_END) (i32.const 1)) (local.get $age))
    ;; The empty prefix still gets a non-null pointer (ARGS): hosts may reject null.
    (local.set $errno (call $datastore_delete_by_index_scan_range_bsatn
      (call $index_id (global.get $s_user_age_idx))
      (global.get $ARGS) (i32.const 0) (i32.const 0)
      (global.get $BOUND_START) (i32.const 1)
      (global.get $BOUND_END) (i32.const 5)
      (global.get $OUT_U64)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_delete_by_index_scan_range_bsatn) (local.get $errno)))))
    (call $msg_start)
    (call $msg_text (global.get $s_deleted))
    (call $msg_u64 (i64.extend_i32_u (i32.load (global.get $OUT_U64))))
    (call $msg_text (global.get $s_users))
    (call $log_msg (global.get $LEVEL_INFO))
    (i32.const 0))

  ;; count_users(): logs "<n> users".
  (func $count_users (result i32)
    (local $errno i32)
    (local.set $errno (call $datastore_table_row_count (call $table_id (global.get $s_user)) (global.get $OUT_U64)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_table_row_count) (local.get $errno)))))
    (call $msg_start)
    (call $msg_u64 (i64.load (global.get $OUT_U64)))
    (call $msg_text (global.get $s_users))
    (call $log_msg (global.get $LEVEL_INFO))
    (i32.const 0))

  ;; log_users(): logs every user's name (a table scan). The scan buffer starts at 16 bytes, less
  ;; than any user row, so the host must answer BUFFER_TOO_SMALL and the module grow it.
  (func $log_users (result i32)
    (local $iter i32)
    (local $status i32)
    (local $row i32)
    (local $batch_end i32)
    (global.set $scan_capacity (i32.const 16))
    (local.set $iter (call $table_scan (call $table_id (global.get $s_user))))
    (loop $next_batch
      (local.set $status (call $iter_next_batch (local.get $iter)))
      (local.set $row (global.get $SCAN))
      (local.set $batch_end (i32.add (global.get $SCAN) (global.get $scan_length)))
      (block $batch_done
        (loop $next_row
          (br_if $batch_done (i32.ge_u (local.get $row) (local.get $batch_end)))
          (call $log_info (call $user_name (local.get $row)))
          (local.set $row (i32.add (local.get $row) (call $user_row_size (local.get $row))))
          (br $next_row)))
      (br_if $next_batch (i32.eqz (local.get $status))))
    (i32.const 0))

  ;; find_by_email(email: String): logs the user's name, or "not found". The point is the email's
  ;; BSATN, the String as it sits in ARGS.
  (func $find_by_email (result i32)
    (local $email i32)
    (local $row i32)
    (local.set $email (call $args_string))
    (local.set $row (call $find_one
      (call $index_id (global.get $s_user_email_idx)) (local.get $email) (call $lstr_size (local.get $email))))
    (if (i32.eq (local.get $row) (i32.const -1)) (then (return (i32.const 1))))
    (if (i32.eqz (local.get $row))
      (then (call $log_info (global.get $s_not_found)))
      (else (call $log_info (call $user_name (local.get $row)))))
    (i32.const 0))

  ;; add_then_fail(email: String, name: String): inserts a user (age 0), then fails with
  ;; "add_then_fail always fails"; the host must roll the insert back.
  (func $add_then_fail (result i32)
    (local $email i32)
    (local $name i32)
    (local $errno i32)
    (local.set $email (call $args_string))
    (local.set $name (call $args_string))
    (local.set $errno (call $insert_user (local.get $email) (local.get $name) (i32.const 0)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_insert_bsatn) (local.get $errno)))))
    (call $fail (global.get $s_add_then_fail)))

  ;; add_then_trap(email: String, name: String): inserts a user (age 0), then traps.
  (func $add_then_trap (result i32)
    (local $email i32)
    (local $name i32)
    (local $errno i32)
    (local.set $email (call $args_string))
    (local.set $name (call $args_string))
    (local.set $errno (call $insert_user (local.get $email) (local.get $name) (i32.const 0)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_insert_bsatn) (local.get $errno)))))
    unreachable)

  ;; log_identity(): logs the database identity as 64 hex digits. `identity` writes the u256
  ;; little-endian; its text form is big-endian, so the bytes are printed last to first.
  (func $log_identity (result i32)
    (local $at i32)
    (call $identity (global.get $IDENTITY))
    (call $msg_start)
    (local.set $at (i32.const 32))
    (loop $next_byte
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (call $msg_hex_byte (i32.load8_u (i32.add (global.get $IDENTITY) (local.get $at))))
      (br_if $next_byte (local.get $at)))
    (call $log_msg (global.get $LEVEL_INFO))
    (i32.const 0))
)
