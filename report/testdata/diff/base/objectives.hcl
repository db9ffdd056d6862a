# FY2027 marketing objectives (fiscal year starts 1 February).
# Every paid tool should ladder up to at least one of them.

objective "pipeline" {
  name  = "Grow qualified pipeline 30% YoY"
  owner = team.demand_gen
  kpis  = ["SQLs per quarter", "Marketing-sourced pipeline (USD)", "MQL-to-SQL conversion rate"]
}

objective "brand_awareness" {
  name  = "Double branded search volume in EMEA"
  owner = team.brand
  kpis  = ["Branded search impressions (EMEA)", "Share of voice vs. top 3 competitors"]
}

objective "expansion" {
  name  = "Lift net revenue retention to 115%"
  owner = team.product_marketing
  kpis  = ["Net revenue retention", "Expansion pipeline (USD)", "Feature adoption of paid add-ons"]
}

objective "martech_efficiency" { # deliberate: objective-without-kpi
  name  = "Cut martech cost per opportunity by 15%"
  owner = team.mops
}

objective "data_trust" { # deliberate: objective-without-owner
  name = "One trusted record for every account and contact"
  kpis = ["Duplicate contact rate below 2%", "Share of CRM fields with a documented source"]
}
