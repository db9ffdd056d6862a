# Credentials in a rule parameter and in a policy's message template. Both
# are string literals in the inventory and must be rejected and masked.

rule "renewal-notice-due" {
  severity      = "high"
  slack_channel = "xoxb-FAKE-not-a-real-token-0000" # ERROR: Literal secret in inventory
}

policy "tools-have-owner" {
  severity  = "high"
  for_each  = tools
  condition = each.owner != null
  message   = "${each.name} has no owner; ping ops with ghp_FAKE00000000000000000000000000000000" # ERROR: Literal secret in inventory
}
