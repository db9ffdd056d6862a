# Exchange rates must be greater than zero, and keyed by ISO 4217 codes.
# Each problem should be reported on its own entry.

organization {
  name     = "Acme Analytics"
  currency = "USD"
  exchange_rates = {
    EUR  = 1.08
    GBP  = 0 # ERROR: Invalid exchange rate
    CAD  = -0.73 # ERROR: Invalid exchange rate
    EURO = 1.08 # ERROR: Unknown currency
  }
}

tool "marketo" {
  product = "marketo-engage"

  cost {
    amount   = 5200
    currency = "EUR"
    period   = "month"
  }
}
