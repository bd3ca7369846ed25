;; Invalid for publishing: it describes itself (an empty definition) but does not export
;; `__call_reducer__`, an export every SpacetimeDB module must have.
(module
  ;; @include lib/imports.wat
  ;; @include lib/runtime.wat

  (data (i32.const 0x100) "\14\00\00\00missing_call_reducer")
  (data (i32.const 0x140) "\18\00\00\00missing-call-reducer.wat")
)
