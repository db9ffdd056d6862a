policy "agency-tools-not-global" {
  severity    = "medium"
  description = "Agency-owned tools must be scoped to a region, not global"
  for_each    = tool # ERROR: Invalid for_each
  condition   = try(each.owner.kind != "agency", true) || !contains(each.scope, "global")
  message     = "${each.name} is owned by agency ${each.owner.name} but scoped globally"
}

policy "agency-data-has-steward" {
  severity  = "high"
  for_each  = data_classes
  condition = each.steward != null || !contains(["personal", "sensitive"], eachh.sensitivity) # ERROR: Unknown variable
  message   = "${each.name} has no steward"
}
