rule "low-utilization" {
  treshold = 0.5 # ERROR: Unsupported argument
}

rule "renewal-notice-due" {
  high_within = "soon" # ERROR: Incorrect attribute value type
}

rule "no-sso" {
  min_seats = 10.5 # ERROR: Invalid value for min_seats
}

rule "inactive-tool" {
  enabled = true
}

rule "missing-cost" {
  days = 30 # ERROR: Unsupported argument
}
