organization {
  name           = "Acme Analytics"
  currency       = "USD"
  exchange_rates = { EUR = 1.08 }
}
