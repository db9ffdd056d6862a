organization {
  name              = "Acme Analytics"
  currency          = "EUR"
  exchange_rates    = { USD = 0.92 }
  fiscal_year_start = "2-1" # ERROR: Invalid fiscal year start
  operating_model   = "center-of-excellence"
}
