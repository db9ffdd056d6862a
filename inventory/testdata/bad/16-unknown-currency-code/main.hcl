# Currency codes that are not ISO 4217: a spelled-out name and a lowercase code.

organization {
  name           = "Acme Analytics"
  currency       = "usd" # ERROR: Unknown currency
  exchange_rates = { EUR = 1.08 }
}

tool "marketo" {
  product = "marketo-engage"

  cost {
    amount   = 5200
    currency = "EURO" # ERROR: Unknown currency
    period   = "month"
  }
}

tool "semrush" {
  name     = "Semrush"
  category = "seo"

  cost {
    amount   = 2999
    currency = "gbp" # ERROR: Unknown currency
    period   = "year"
  }
}
