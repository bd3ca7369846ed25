;; A module whose lifecycle reducers leave a trace a subscriber can read (definition in presence.ts):
;;   online (public) {identity: Identity primary key}, index online_identity_idx_btree (unique),
;;   the name SpacetimeDB generates for the unnamed index of the primary key.
;; identity_connected inserts the caller's identity, identity_disconnected deletes it, and ping
;; does nothing. An online row in BSATN is the identity's u256: 32 bytes, little-endian, which is
;; also the point of a scan on the index.
(module
  ;; @include lib/imports.wat
  ;; @include lib/runtime.wat

  ;; ---- constants (lstr: u32 length + UTF-8; addresses from 0x400, see lib/runtime.wat) --------
  (data (i32.const 0x100) "\08\00\00\00presence")
  (data (i32.const 0x140) "\0c\00\00\00presence.wat")
  (global $s_online i32 (i32.const 0x400))
  (data (i32.const 0x400) "\06\00\00\00online")
  (global $s_online_identity_idx i32 (i32.const 0x410))
  (data (i32.const 0x410) "\19\00\00\00online_identity_idx_btree")
  (global $s_datastore_delete_by_index_scan_point_bsatn i32 (i32.const 0x430))
  (data (i32.const 0x430) "\2a\00\00\00datastore_delete_by_index_scan_point_bsatn")

  ;; Reducer ids: 0 identity_connected, 1 identity_disconnected, 2 ping.
  (func (export "__call_reducer__")
    (param $id i32)
    (param $sender_0 i64) (param $sender_1 i64) (param $sender_2 i64) (param $sender_3 i64)
    (param $connection_id_0 i64) (param $connection_id_1 i64)
    (param $timestamp i64) (param $args i32) (param $error_sink i32)
    (result i32)
    (call $begin_call (local.get $error_sink) (local.get $args))
    ;; Both lifecycle reducers work on the sender's row, so it is built once, here.
    (call $row_sender (local.get $sender_0) (local.get $sender_1) (local.get $sender_2) (local.get $sender_3))
    (if (i32.eq (local.get $id) (i32.const 0)) (then (return (call $identity_connected))))
    (if (i32.eq (local.get $id) (i32.const 1)) (then (return (call $identity_disconnected))))
    (if (i32.eq (local.get $id) (i32.const 2)) (then (return (i32.const 0))))
    (call $fail (global.get $s_no_such_reducer)))

  ;; Builds the row {identity: sender} in ROW. The host passes the identity as four u64 limbs,
  ;; least significant first, so storing them in order gives the u256's little-endian BSATN.
  (func $row_sender (param $limb_0 i64) (param $limb_1 i64) (param $limb_2 i64) (param $limb_3 i64)
    (call $row_start)
    (call $row_u64 (local.get $limb_0))
    (call $row_u64 (local.get $limb_1))
    (call $row_u64 (local.get $limb_2))
    (call $row_u64 (local.get $limb_3)))

  ;; identity_connected (OnConnect): inserts the sender's row. A second connection of the same
  ;; identity inserts the same row again, which a table (a set of rows) takes as a no-op.
  (func $identity_connected (result i32)
    (local $errno i32)
    (local.set $errno (call $insert_row (call $table_id (global.get $s_online))))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_insert_bsatn) (local.get $errno)))))
    (i32.const 0))

  ;; identity_disconnected (OnDisconnect): deletes the sender's row by a point on the primary key's
  ;; index. No row to delete is fine: another connection of the same identity may have gone first.
  (func $identity_disconnected (result i32)
    (local $errno i32)
    (local.set $errno (call $datastore_delete_by_index_scan_point_bsatn
      (call $index_id (global.get $s_online_identity_idx)) (global.get $ROW) (call $row_length) (global.get $OUT_U64)))
    (if (local.get $errno)
      (then (return (call $fail_errno (global.get $s_datastore_delete_by_index_scan_point_bsatn) (local.get $errno)))))
    (i32.const 0))
)
