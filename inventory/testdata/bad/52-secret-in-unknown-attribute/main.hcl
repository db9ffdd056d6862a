# A credential pasted under an attribute name the schema does not know. It
# is still a literal secret, and the diagnostic must not print it.

tool "slack" {
  product   = "slack"
  bot_token = "xoxb-FAKE-not-a-real-token-0000" # ERROR: Literal secret in inventory
}

tool "hubspot" {
  product        = "hubspot-marketing-hub"
  hubspot_apikey = "pat-na1-fa4e0000-0000-4000-8000-00000000beef" # ERROR: Literal secret in inventory
}
