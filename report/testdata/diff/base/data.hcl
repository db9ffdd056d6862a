# Data classes: what kind of data moves through the stack, how sensitive it
# is, and who stewards it.

data_class "contact_pii" {
  name        = "Contact PII"
  sensitivity = "personal"
  steward     = team.privacy
}

data_class "lead_score" {
  name        = "Lead and account scores"
  sensitivity = "internal"
  steward     = team.revops
}

# Cookie IDs, page views and session recordings are personal data under GDPR.
data_class "web_behavior" { # deliberate: data-class-without-steward
  name        = "Web behaviour"
  sensitivity = "personal"
}

data_class "payment_data" {
  name        = "Payment and payout data"
  sensitivity = "sensitive"
  steward     = team.privacy
}

data_class "product_usage" {
  name        = "Product usage events"
  sensitivity = "internal"
  steward     = team.data_eng
}

data_class "marketing_content" {
  name        = "Published marketing content"
  sensitivity = "public"
  steward     = team.content
}
