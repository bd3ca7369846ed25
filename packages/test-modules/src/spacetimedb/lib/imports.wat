  ;; ---------------------------------------------------------------------------------------------
  ;; Host imports: the SpacetimeDB module ABI (research note §3.1). Pointers, lengths and ids are
  ;; i32; errno results are u16 (0 = ok) and the iterator/source results are i16 (0 = more,
  ;; -1 = exhausted), both widened to i32. `*_len_ptr` arguments are in/out: capacity in, length
  ;; used out. Included first by every module (imports must precede all definitions in WAT).
  ;; ---------------------------------------------------------------------------------------------
  (import "spacetime_10.0" "table_id_from_name"
    (func $table_id_from_name (param $name_ptr i32) (param $name_len i32) (param $out_id_ptr i32) (result i32)))
  (import "spacetime_10.0" "index_id_from_name"
    (func $index_id_from_name (param $name_ptr i32) (param $name_len i32) (param $out_id_ptr i32) (result i32)))
  (import "spacetime_10.0" "datastore_table_row_count"
    (func $datastore_table_row_count (param $table_id i32) (param $out_u64_ptr i32) (result i32)))
  (import "spacetime_10.0" "datastore_table_scan_bsatn"
    (func $datastore_table_scan_bsatn (param $table_id i32) (param $out_iter_ptr i32) (result i32)))
  (import "spacetime_10.0" "datastore_delete_by_index_scan_range_bsatn"
    (func $datastore_delete_by_index_scan_range_bsatn
      (param $index_id i32) (param $prefix_ptr i32) (param $prefix_len i32) (param $prefix_elems i32)
      (param $start_ptr i32) (param $start_len i32) (param $end_ptr i32) (param $end_len i32)
      (param $out_u32_ptr i32) (result i32)))
  (import "spacetime_10.0" "row_iter_bsatn_advance"
    (func $row_iter_bsatn_advance (param $iter i32) (param $buf_ptr i32) (param $buf_len_ptr i32) (result i32)))
  (import "spacetime_10.0" "row_iter_bsatn_close"
    (func $row_iter_bsatn_close (param $iter i32) (result i32)))
  (import "spacetime_10.0" "datastore_insert_bsatn"
    (func $datastore_insert_bsatn (param $table_id i32) (param $row_ptr i32) (param $row_len_ptr i32) (result i32)))
  (import "spacetime_10.0" "datastore_update_bsatn"
    (func $datastore_update_bsatn
      (param $table_id i32) (param $index_id i32) (param $row_ptr i32) (param $row_len_ptr i32) (result i32)))
  (import "spacetime_10.0" "bytes_source_read"
    (func $bytes_source_read (param $source i32) (param $buf_ptr i32) (param $buf_len_ptr i32) (result i32)))
  (import "spacetime_10.0" "bytes_sink_write"
    (func $bytes_sink_write (param $sink i32) (param $buf_ptr i32) (param $buf_len_ptr i32) (result i32)))
  (import "spacetime_10.0" "console_log"
    (func $console_log
      (param $level i32) (param $target_ptr i32) (param $target_len i32)
      (param $filename_ptr i32) (param $filename_len i32) (param $line_number i32)
      (param $message_ptr i32) (param $message_len i32)))
  (import "spacetime_10.0" "identity"
    (func $identity (param $out_32_bytes_ptr i32)))
  (import "spacetime_10.4" "datastore_index_scan_point_bsatn"
    (func $datastore_index_scan_point_bsatn
      (param $index_id i32) (param $point_ptr i32) (param $point_len i32) (param $out_iter_ptr i32) (result i32)))
  (import "spacetime_10.4" "datastore_delete_by_index_scan_point_bsatn"
    (func $datastore_delete_by_index_scan_point_bsatn
      (param $index_id i32) (param $point_ptr i32) (param $point_len i32) (param $out_u32_ptr i32) (result i32)))
