  ;; ---------------------------------------------------------------------------------------------
  ;; Runtime shared by every test module (included after lib/imports.wat): the memory layout,
  ;; `__describe_module__`, reading reducer arguments, building BSATN rows, building and logging
  ;; messages, and reporting errors.
  ;;
  ;; Strings held by the module ("lstr") are laid out exactly like a BSATN String: a u32 byte
  ;; length, little-endian, followed by the UTF-8 bytes. So a constant can be copied into a row
  ;; as is, and a string argument can be logged straight from the argument buffer.
  ;;
  ;; Memory layout (3 pages of 64 KiB):
  ;;   0x00000 - 0x0000F  unused: address 0 is the ABI's null pointer
  ;;   0x00010            OUT_ID      u32 out-parameter (table id, index id)
  ;;   0x00018            OUT_U64     u64 out-parameter (row count) / u32 (deleted count)
  ;;   0x00020            OUT_ITER    u32 out-parameter (row iterator)
  ;;   0x00024            LEN         u32 in/out length (sources, sinks, iterators, inserts)
  ;;   0x00040 - 0x0005F  IDENTITY    32 bytes written by `identity`
  ;;   0x00080 - 0x0008F  BOUND_START a BSATN Bound (tag u8 + value)
  ;;   0x00090 - 0x0009F  BOUND_END
  ;;   0x000A0 - 0x000BF  NUM_TMP     digits of a number being formatted
  ;;   0x00100            the module's log target (lstr), defined by each module
  ;;   0x00140            the module's log file name (lstr), defined by each module
  ;;   0x00180 - 0x003FF  the runtime's constants (below)
  ;;   0x00400 - 0x00FFF  the module's own constants
  ;;   0x01000 - 0x01FFF  MSG         a message being built (log line or error)
  ;;   0x02000 - 0x09FFF  ARGS        the reducer's arguments (BSATN)
  ;;   0x0A000 - 0x0FFFF  ROW         a row being built (BSATN)
  ;;   0x10000 - 0x1FFFF  SCAN        rows read from an iterator
  ;;   0x20000 - 0x2FFFF  MODULE_DEF  the BSATN RawModuleDef written by __describe_module__
  ;; ---------------------------------------------------------------------------------------------
  (memory (export "memory") 3)

  (global $OUT_ID i32 (i32.const 0x10))
  (global $OUT_U64 i32 (i32.const 0x18))
  (global $OUT_ITER i32 (i32.const 0x20))
  (global $LEN i32 (i32.const 0x24))
  (global $IDENTITY i32 (i32.const 0x40))
  (global $BOUND_START i32 (i32.const 0x80))
  (global $BOUND_END i32 (i32.const 0x90))
  (global $NUM_TMP_END i32 (i32.const 0xC0))
  (global $LOG_TARGET i32 (i32.const 0x100))
  (global $LOG_FILENAME i32 (i32.const 0x140))
  (global $MSG i32 (i32.const 0x1000))
  (global $MSG_CAPACITY i32 (i32.const 0x1000))
  (global $ARGS i32 (i32.const 0x2000))
  (global $ARGS_CAPACITY i32 (i32.const 0x8000))
  (global $ROW i32 (i32.const 0xA000))
  (global $SCAN i32 (i32.const 0x10000))
  (global $SCAN_CAPACITY i32 (i32.const 0x10000))
  (global $MODULE_DEF i32 (i32.const 0x20000))

  ;; The definition's bytes and length are put in by the loader (src/spacetimedb/compile.ts).
  (global $MODULE_DEF_LENGTH i32 (i32.const {{MODULE_DEF_LENGTH}}))
  (data (i32.const 0x20000) "{{MODULE_DEF_BYTES}}")

  ;; Errnos and log levels the modules look at (research note §3.1).
  (global $BUFFER_TOO_SMALL i32 (i32.const 11))
  (global $LEVEL_ERROR i32 (i32.const 0))
  (global $LEVEL_INFO i32 (i32.const 2))
  (global $LEVEL_PANIC i32 (i32.const 101))
  ;; console_log's line number for "none" (u32::MAX).
  (global $NO_LINE i32 (i32.const -1))

  ;; The runtime's constants.
  (data (i32.const 0x180) "0123456789abcdef")
  (global $s_failed_with_errno i32 (i32.const 0x190))
  (data (i32.const 0x190) "\13\00\00\00 failed with errno ")
  (global $s_no_such_reducer i32 (i32.const 0x1B0))
  (data (i32.const 0x1B0) "\0f\00\00\00no such reducer")

  (global $s_datastore_insert_bsatn i32 (i32.const 0x200))
  (data (i32.const 0x200) "\16\00\00\00datastore_insert_bsatn")
  (global $s_datastore_table_scan_bsatn i32 (i32.const 0x220))
  (data (i32.const 0x220) "\1a\00\00\00datastore_table_scan_bsatn")
  (global $s_row_iter_bsatn_advance i32 (i32.const 0x240))
  (data (i32.const 0x240) "\16\00\00\00row_iter_bsatn_advance")
  (global $s_row_iter_bsatn_close i32 (i32.const 0x260))
  (data (i32.const 0x260) "\14\00\00\00row_iter_bsatn_close")

  ;; State of the current call.
  (global $error_sink (mut i32) (i32.const 0))
  (global $args_cursor (mut i32) (i32.const 0x2000))
  (global $args_end (mut i32) (i32.const 0x2000))
  (global $row_end (mut i32) (i32.const 0xA000))
  (global $msg_end (mut i32) (i32.const 0x1000))
  ;; How much of SCAN the next row_iter_bsatn_advance may fill, and how much the last one did.
  (global $scan_capacity (mut i32) (i32.const 0x10000))
  (global $scan_length (mut i32) (i32.const 0))

  ;; ---- lstr: u32 length + UTF-8 bytes (the BSATN String layout) ------------------------------

  (func $lstr_len (param $lstr i32) (result i32)
    (i32.load (local.get $lstr)))

  (func $lstr_bytes (param $lstr i32) (result i32)
    (i32.add (local.get $lstr) (i32.const 4)))

  ;; Size of the whole BSATN String: the length prefix and the bytes.
  (func $lstr_size (param $lstr i32) (result i32)
    (i32.add (i32.const 4) (call $lstr_len (local.get $lstr))))

  ;; ---- bytes sinks ----------------------------------------------------------------------------

  ;; Writes all of ptr[..len] to the sink; the host may take it in several pieces.
  (func $sink_write_all (param $sink i32) (param $ptr i32) (param $len i32)
    (local $errno i32)
    (block $done
      (loop $more
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store (global.get $LEN) (local.get $len))
        (local.set $errno (call $bytes_sink_write (local.get $sink) (local.get $ptr) (global.get $LEN)))
        (if (local.get $errno) (then unreachable))
        ;; A sink that takes nothing would loop forever.
        (if (i32.eqz (i32.load (global.get $LEN))) (then unreachable))
        (local.set $ptr (i32.add (local.get $ptr) (i32.load (global.get $LEN))))
        (local.set $len (i32.sub (local.get $len) (i32.load (global.get $LEN))))
        (br $more))))

  ;; The host reads the module's definition once, when the module is published.
  (func (export "__describe_module__") (param $sink i32)
    (call $sink_write_all (local.get $sink) (global.get $MODULE_DEF) (global.get $MODULE_DEF_LENGTH)))

  ;; ---- reducer arguments ----------------------------------------------------------------------

  ;; Starts a reducer call: remembers the error sink and reads every argument byte into ARGS.
  ;; Source 0 means "no arguments" (the host passes it when the BSATN is empty).
  (func $begin_call (param $error_sink i32) (param $args_source i32)
    (local $status i32)
    (global.set $error_sink (local.get $error_sink))
    (global.set $scan_capacity (global.get $SCAN_CAPACITY))
    (global.set $args_cursor (global.get $ARGS))
    (global.set $args_end (global.get $ARGS))
    (if (i32.eqz (local.get $args_source)) (then (return)))
    (loop $more
      ;; Arguments larger than ARGS are a test bug: trap.
      (i32.store (global.get $LEN)
        (i32.sub (i32.add (global.get $ARGS) (global.get $ARGS_CAPACITY)) (global.get $args_end)))
      (if (i32.eqz (i32.load (global.get $LEN))) (then unreachable))
      (local.set $status
        (call $bytes_source_read (local.get $args_source) (global.get $args_end) (global.get $LEN)))
      ;; The read that exhausts the source (-1) may still have written bytes.
      (global.set $args_end (i32.add (global.get $args_end) (i32.load (global.get $LEN))))
      (br_if $more (i32.eqz (local.get $status)))
      (if (i32.ne (local.get $status) (i32.const -1)) (then unreachable))))

  ;; Takes the next `size` argument bytes and returns their address; traps past the end.
  (func $args_take (param $size i32) (result i32)
    (local $at i32)
    (local.set $at (global.get $args_cursor))
    (if (i32.gt_u (i32.add (local.get $at) (local.get $size)) (global.get $args_end)) (then unreachable))
    (global.set $args_cursor (i32.add (local.get $at) (local.get $size)))
    (local.get $at))

  (func $args_u32 (result i32)
    (i32.load (call $args_take (i32.const 4))))

  (func $args_u64 (result i64)
    (i64.load (call $args_take (i32.const 8))))

  ;; Returns the address of the next argument, a String, as an lstr (it stays in ARGS).
  (func $args_string (result i32)
    (local $at i32)
    (local.set $at (call $args_take (i32.const 4)))
    (drop (call $args_take (call $lstr_len (local.get $at))))
    (local.get $at))

  ;; ---- building a BSATN row in ROW ------------------------------------------------------------

  (func $row_start
    (global.set $row_end (global.get $ROW)))

  (func $row_length (result i32)
    (i32.sub (global.get $row_end) (global.get $ROW)))

  (func $row_bytes (param $ptr i32) (param $len i32)
    (memory.copy (global.get $row_end) (local.get $ptr) (local.get $len))
    (global.set $row_end (i32.add (global.get $row_end) (local.get $len))))

  (func $row_u32 (param $value i32)
    (i32.store (global.get $row_end) (local.get $value))
    (global.set $row_end (i32.add (global.get $row_end) (i32.const 4))))

  (func $row_u64 (param $value i64)
    (i64.store (global.get $row_end) (local.get $value))
    (global.set $row_end (i32.add (global.get $row_end) (i32.const 8))))

  ;; Appends a String (length prefix and bytes) from an lstr.
  (func $row_string (param $lstr i32)
    (call $row_bytes (local.get $lstr) (call $lstr_size (local.get $lstr))))

  ;; ---- building a message in MSG (too long a message is cut at MSG_CAPACITY) ------------------

  (func $msg_start
    (global.set $msg_end (global.get $MSG)))

  (func $msg_length (result i32)
    (i32.sub (global.get $msg_end) (global.get $MSG)))

  (func $msg_bytes (param $ptr i32) (param $len i32)
    (local $room i32)
    (local.set $room (i32.sub (global.get $MSG_CAPACITY) (call $msg_length)))
    (if (i32.gt_u (local.get $len) (local.get $room)) (then (local.set $len (local.get $room))))
    (memory.copy (global.get $msg_end) (local.get $ptr) (local.get $len))
    (global.set $msg_end (i32.add (global.get $msg_end) (local.get $len))))

  ;; Appends the text of an lstr (without its length prefix).
  (func $msg_text (param $lstr i32)
    (call $msg_bytes (call $lstr_bytes (local.get $lstr)) (call $lstr_len (local.get $lstr))))

  ;; Appends an unsigned number in decimal.
  (func $msg_u64 (param $value i64)
    (local $at i32)
    (local.set $at (global.get $NUM_TMP_END))
    (loop $digit
      (local.set $at (i32.sub (local.get $at) (i32.const 1)))
      (i32.store8 (local.get $at)
        (i32.add (i32.const 48 (; '0' ;)) (i32.wrap_i64 (i64.rem_u (local.get $value) (i64.const 10)))))
      (local.set $value (i64.div_u (local.get $value) (i64.const 10)))
      (br_if $digit (i64.ne (local.get $value) (i64.const 0))))
    (call $msg_bytes (local.get $at) (i32.sub (global.get $NUM_TMP_END) (local.get $at))))

  ;; Appends one byte as two lowercase hex digits.
  (func $msg_hex_byte (param $byte i32)
    (call $msg_bytes (i32.add (i32.const 0x180) (i32.shr_u (local.get $byte) (i32.const 4))) (i32.const 1))
    (call $msg_bytes (i32.add (i32.const 0x180) (i32.and (local.get $byte) (i32.const 15))) (i32.const 1)))

  ;; ---- logging and errors ---------------------------------------------------------------------

  ;; Logs the message in MSG, with the module's target and file name and no line number.
  (func $log_msg (param $level i32)
    (call $console_log
      (local.get $level)
      (call $lstr_bytes (global.get $LOG_TARGET)) (call $lstr_len (global.get $LOG_TARGET))
      (call $lstr_bytes (global.get $LOG_FILENAME)) (call $lstr_len (global.get $LOG_FILENAME))
      (global.get $NO_LINE)
      (global.get $MSG) (call $msg_length)))

  (func $log_info (param $lstr i32)
    (call $msg_start)
    (call $msg_text (local.get $lstr))
    (call $log_msg (global.get $LEVEL_INFO)))

  ;; Ends the reducer with an error: the message in MSG goes to the error sink; returns 1, the
  ;; value __call_reducer__ returns for an error.
  (func $fail_msg (result i32)
    (call $sink_write_all (global.get $error_sink) (global.get $MSG) (call $msg_length))
    (i32.const 1))

  (func $fail (param $lstr i32) (result i32)
    (call $msg_start)
    (call $msg_text (local.get $lstr))
    (call $fail_msg))

  ;; "<host call> failed with errno <n>" in MSG.
  (func $msg_errno (param $host_call i32) (param $errno i32)
    (call $msg_start)
    (call $msg_text (local.get $host_call))
    (call $msg_text (global.get $s_failed_with_errno))
    (call $msg_u64 (i64.extend_i32_u (local.get $errno))))

  ;; Ends the reducer with an error naming the host call that failed.
  (func $fail_errno (param $host_call i32) (param $errno i32) (result i32)
    (call $msg_errno (local.get $host_call) (local.get $errno))
    (call $fail_msg))

  ;; For host call failures a module cannot recover from: logs at Panic level and traps, as a
  ;; Rust module's panic hook does.
  (func $panic_errno (param $host_call i32) (param $errno i32)
    (call $msg_errno (local.get $host_call) (local.get $errno))
    (call $log_msg (global.get $LEVEL_PANIC))
    unreachable)

  ;; ---- host calls the modules make often ------------------------------------------------------

  (global $s_table_id_from_name i32 (i32.const 0x1C4))
  (data (i32.const 0x1C4) "\12\00\00\00table_id_from_name")
  (global $s_index_id_from_name i32 (i32.const 0x1DC))
  (data (i32.const 0x1DC) "\12\00\00\00index_id_from_name")

  ;; The id of the table named by an lstr (panics when there is none).
  (func $table_id (param $name i32) (result i32)
    (local $errno i32)
    (local.set $errno (call $table_id_from_name
      (call $lstr_bytes (local.get $name)) (call $lstr_len (local.get $name)) (global.get $OUT_ID)))
    (if (local.get $errno) (then (call $panic_errno (global.get $s_table_id_from_name) (local.get $errno))))
    (i32.load (global.get $OUT_ID)))

  ;; The id of the index named by an lstr (panics when there is none).
  (func $index_id (param $name i32) (result i32)
    (local $errno i32)
    (local.set $errno (call $index_id_from_name
      (call $lstr_bytes (local.get $name)) (call $lstr_len (local.get $name)) (global.get $OUT_ID)))
    (if (local.get $errno) (then (call $panic_errno (global.get $s_index_id_from_name) (local.get $errno))))
    (i32.load (global.get $OUT_ID)))

  ;; Starts a full scan of a table and returns the row iterator (panics on failure).
  (func $table_scan (param $table_id i32) (result i32)
    (local $errno i32)
    (local.set $errno (call $datastore_table_scan_bsatn (local.get $table_id) (global.get $OUT_ITER)))
    (if (local.get $errno) (then (call $panic_errno (global.get $s_datastore_table_scan_bsatn) (local.get $errno))))
    (i32.load (global.get $OUT_ITER)))

  ;; Reads the next batch of rows (BSATN, back to back) into SCAN; `$scan_length` says how many
  ;; bytes. Returns 0 when more rows may follow, -1 when the iterator is exhausted (the host has
  ;; then freed it). When the next row does not fit in `$scan_capacity` bytes the host answers
  ;; BUFFER_TOO_SMALL with the size it needs in LEN: the module grows its capacity and retries.
  (func $iter_next_batch (param $iter i32) (result i32)
    (local $status i32)
    (loop $retry
      (i32.store (global.get $LEN) (global.get $scan_capacity))
      (local.set $status (call $row_iter_bsatn_advance (local.get $iter) (global.get $SCAN) (global.get $LEN)))
      (if (i32.eq (local.get $status) (global.get $BUFFER_TOO_SMALL))
        (then
          ;; A needed size that is no larger than what was offered, or larger than SCAN, cannot be met.
          (if (i32.or
                (i32.le_u (i32.load (global.get $LEN)) (global.get $scan_capacity))
                (i32.gt_u (i32.load (global.get $LEN)) (global.get $SCAN_CAPACITY)))
            (then (call $panic_errno (global.get $s_row_iter_bsatn_advance) (local.get $status))))
          (global.set $scan_capacity (i32.load (global.get $LEN)))
          (br $retry))))
    (if (i32.and (i32.ne (local.get $status) (i32.const 0)) (i32.ne (local.get $status) (i32.const -1)))
      (then (call $panic_errno (global.get $s_row_iter_bsatn_advance) (local.get $status))))
    (global.set $scan_length (i32.load (global.get $LEN)))
    (local.get $status))

  ;; Frees an iterator the module stops reading before it is exhausted.
  (func $iter_close (param $iter i32)
    (local $errno i32)
    (local.set $errno (call $row_iter_bsatn_close (local.get $iter)))
    (if (local.get $errno) (then (call $panic_errno (global.get $s_row_iter_bsatn_close) (local.get $errno)))))

  ;; Inserts the row built in ROW into a table; returns the errno. Afterwards ROW holds the BSATN
  ;; of the values the table's sequences generated (nothing for a table without sequences).
  (func $insert_row (param $table_id i32) (result i32)
    (i32.store (global.get $LEN) (call $row_length))
    (call $datastore_insert_bsatn (local.get $table_id) (global.get $ROW) (global.get $LEN)))
