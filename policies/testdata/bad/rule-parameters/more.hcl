rule "redundant-capability" {
  severity = "high"
}

rule "unaligned-spend" {
  enabled = false
}

rule "contract-lapsed" {
  enabled = true
}

rule "objective-without-kpi" {
  severity = "info"
}

rule "duplicate-product" {
  enabled = true
}
