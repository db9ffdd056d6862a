waiver "brightpath-pii" {
  rule        = "agency-holds-personal-data"
  subjects    = [tool.linkedin-ads] # ERROR: Reference to undeclared tool
  reason      = "Matched audiences only; the agency contract includes a DPA addendum"
  approved_by = "dpo@acme.example"
  expires     = "2026-06-31" # ERROR: Invalid date
}
