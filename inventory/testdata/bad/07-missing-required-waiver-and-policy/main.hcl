# A waiver and policies that leave out required arguments.

waiver "marketo-overlap" { # ERROR: Missing required argument
  rule        = "redundant-capability"
  approved_by = "cmo@acme.example"
}

waiver "agency-pii" { # ERROR: Missing required argument
  reason  = "Matched audiences only; DPA addendum signed"
  expires = "2026-12-31"
}

policy "pii-needs-dpa" { # ERROR: Missing required argument
  severity = "high"
  for_each = tools
  message  = "${each.name} stores personal data without a DPA"
}

policy "owned-tools" { # ERROR: Missing required argument
  severity  = "medium"
  condition = each.owner != null
}
