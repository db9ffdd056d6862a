# Costs in currencies the organization has no exchange rate for.

organization {
  name           = "Acme Analytics"
  currency       = "USD"
  exchange_rates = { EUR = 1.08 }
}

tool "marketo" {
  product = "marketo-engage"

  cost {
    amount   = 5200
    currency = "EUR"
    period   = "month"
  }
}

tool "brandwatch" {
  name     = "Brandwatch"
  category = "social-media"

  cost {
    amount   = 24000
    currency = "GBP" # ERROR: Unknown currency without exchange rate
    period   = "year"
  }
}

tool "sinch" {
  name     = "Sinch MessageMedia"
  category = "mobile-marketing"

  cost {
    amount   = 9000
    currency = "SEK" # ERROR: Unknown currency without exchange rate
    period   = "quarter"
  }
}
