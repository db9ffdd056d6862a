# A rule block and a waiver naming rule ids that are well-formed but exist
# neither as built-in rules nor as custom policies (docs/language.md §5,
# "Unknown rule").

tool "marketo" {
  product = "marketo-engage"
}

rule "low-utilisation" { # ERROR: Unknown rule
  threshold = 0.5
}

waiver "marketo-overlap" {
  rule     = "redundant-capabilities" # ERROR: Unknown rule
  subjects = [tool.marketo]
  reason   = "EMEA migration from Marketo to HubSpot completes in Q2 2027"
  expires  = "2027-06-30"
}
