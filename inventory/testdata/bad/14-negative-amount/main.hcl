# A credit note entered as a negative cost.

tool "linkedin_ads" {
  name     = "LinkedIn Campaign Manager"
  category = "search-social-ads"

  cost {
    amount = -1200 # ERROR: Negative amount
    period = "quarter"
  }
}

tool "zapier" {
  product = "zapier"

  cost {
    amount = -0.01 # ERROR: Negative amount
    period = "month"
  }
}
