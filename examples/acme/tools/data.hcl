# Data: customer data platform, web and product analytics, warehouse and
# pipelines, integration, dashboards, privacy, contact data and attribution.

tool "segment" {
  name         = "Twilio Segment Business"
  vendor       = "Twilio"
  product      = "segment"
  category     = "cdp"
  capabilities = ["customer-data-platform", "identity-resolution", "audience-segmentation"]
  owner        = team.data_eng
  admins       = ["omar.haddad@acme.example", "dana.kim@acme.example"]
  objectives   = [objective.pipeline, objective.expansion, objective.data_trust]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration", "conversion", "onboarding", "retention"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.web_behavior, data_class.product_usage]

  cost {
    amount = 120000
    period = "year"
  }

  contract {
    start       = "2025-11-01"
    end         = "2027-10-31"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }

  scan "segment" {
    token_env = "SEGMENT_TOKEN"
  }
}

tool "google_analytics_4" {
  name         = "Google Analytics 4"
  vendor       = "Google"
  product      = "google-analytics-4"
  category     = "web-mobile-analytics"
  capabilities = ["web-analytics"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example", "priya.nair@northwind.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true
  stores       = [data_class.web_behavior]

  # The free edition.
  cost {
    amount = 0
    period = "year"
  }

  contract {
    start = "2023-03-01"
    dpa   = true
  }
}

# Category and capabilities come from the catalog entry for `google-tag-manager`.
tool "google_tag_manager" {
  name       = "Google Tag Manager"
  product    = "google-tag-manager"
  owner      = team.mops
  admins     = ["dana.kim@acme.example", "priya.nair@northwind.example"]
  objectives = [objective.pipeline]
  status     = "active"
  scope      = ["global"]
  stages     = ["awareness", "consideration", "conversion"]
  sso        = true

  cost {
    amount = 0
    period = "year"
  }

  contract {
    start = "2019-03-01"
    dpa   = true
  }
}

tool "amplitude" {
  name         = "Amplitude Growth"
  vendor       = "Amplitude"
  product      = "amplitude"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics"] # deliberate: redundant-capability
  owner        = team.product_marketing
  admins       = ["kai.yamamoto@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["onboarding", "retention"]
  sso          = true
  stores       = [data_class.product_usage, data_class.web_behavior]

  cost {
    amount = 60000
    period = "year"
  }

  contract {
    start       = "2026-02-01"
    end         = "2028-01-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }

  scan "okta" {
    host      = "acme.okta.com"
    auth      = "private_key_jwt"
    client_id = "0oa1stackaudit"
    token_env = "OKTA_PRIVATE_KEY"
    app_id    = "0oa1amplitude"
  }
}

# Still used by the product team after product marketing standardised on Amplitude.
tool "mixpanel" {
  name         = "Mixpanel Growth"
  vendor       = "Mixpanel"
  product      = "mixpanel"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics"] # deliberate: redundant-capability
  owner        = team.data_eng
  admins       = ["omar.haddad@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["onboarding", "retention"]
  sso          = true
  stores       = [data_class.product_usage, data_class.web_behavior]

  cost {
    amount = 28000
    period = "year"
  }

  contract {
    start       = "2026-07-01"
    end         = "2027-06-30"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }

  scan "okta" {
    host      = "acme.okta.com"
    auth      = "private_key_jwt"
    client_id = "0oa1stackaudit"
    token_env = "OKTA_PRIVATE_KEY"
    app_id    = "0oa1mixpanel"
  }
}

tool "hotjar" {
  name         = "Hotjar Business"
  vendor       = "Contentsquare"
  product      = "hotjar"
  category     = "web-mobile-analytics"
  capabilities = ["session-replay", "heatmaps"] # deliberate: redundant-capability
  owner        = team.demand_gen
  admins       = ["leo.martins@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion"]
  sso          = true
  stores       = [data_class.web_behavior]

  cost {
    amount   = 4800
    currency = "EUR"
    period   = "year"
    seats    = 20
  }

  contract {
    start       = "2026-07-10"
    end         = "2027-07-09"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }

  # Hotjar has no user API: export Settings > Users every quarter.
  scan "csv" {
    path = "usage/hotjar-users.csv"
  }
}

tool "fullstory" {
  name         = "FullStory Business"
  vendor       = "FullStory"
  product      = "fullstory"
  category     = "web-mobile-analytics"
  capabilities = ["session-replay", "heatmaps"] # deliberate: redundant-capability
  owner        = team.product_marketing
  admins       = ["kai.yamamoto@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["onboarding", "retention"]
  sso          = true
  stores       = [data_class.web_behavior]

  cost {
    amount = 48000
    period = "year"
  }

  contract {
    start       = "2025-09-15"
    end         = "2027-09-14"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

tool "snowflake" {
  name         = "Snowflake"
  vendor       = "Snowflake"
  product      = "snowflake"
  category     = "business-intelligence"
  capabilities = ["data-warehouse"]
  owner        = team.data_eng
  admins       = ["omar.haddad@acme.example"]
  objectives   = [objective.data_trust, objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration", "conversion", "onboarding", "retention", "advocacy"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.lead_score, data_class.web_behavior, data_class.product_usage, data_class.payment_data]

  # Capacity contract, drawn down quarterly; marketing's share only.
  cost {
    amount = 45000
    period = "quarter"
  }

  contract {
    start       = "2025-03-01"
    end         = "2028-02-29"
    auto_renew  = false
    notice_days = 90
    dpa         = true
  }
}

tool "fivetran" {
  name         = "Fivetran"
  vendor       = "Fivetran"
  product      = "fivetran"
  category     = "ipaas-integration"
  capabilities = ["etl"]
  owner        = team.data_eng
  admins       = ["omar.haddad@acme.example"]
  objectives   = [objective.data_trust]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 3000
    period = "month"
  }

  contract {
    start       = "2026-06-01"
    end         = "2027-05-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

tool "hightouch" {
  name         = "Hightouch"
  vendor       = "Hightouch"
  product      = "hightouch"
  category     = "ipaas-integration"
  capabilities = ["reverse-etl"]
  owner        = team.data_eng
  admins       = ["omar.haddad@acme.example", "grace.liu@acme.example"]
  objectives   = [objective.data_trust, objective.expansion]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 7500
    period = "quarter"
  }

  contract {
    start       = "2026-01-01"
    end         = "2027-12-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

tool "looker" {
  name         = "Looker"
  vendor       = "Google"
  product      = "looker"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example", "omar.haddad@acme.example"]
  objectives   = [objective.martech_efficiency, objective.pipeline]
  status       = "active"
  scope        = ["global"]
  sso          = true
  stores       = [data_class.lead_score, data_class.product_usage]

  cost {
    amount = 66000
    period = "year"
    seats  = 60
  }

  contract {
    start       = "2025-12-01"
    end         = "2027-11-30"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

# Being replaced by Workato; the last zaps move over in Q1.
tool "zapier" {
  name         = "Zapier Team"
  vendor       = "Zapier"
  product      = "zapier"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example"]
  objectives   = [objective.martech_efficiency]
  status       = "retiring"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 599
    period = "month"
    seats  = 25
  }

  contract {
    start       = "2026-02-01"
    end         = "2027-01-31"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

tool "workato" {
  name         = "Workato"
  vendor       = "Workato"
  product      = "workato"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example", "grace.liu@acme.example"]
  objectives   = [objective.martech_efficiency, objective.data_trust]
  status       = "active"
  scope        = ["global"]
  sso          = true

  cost {
    amount = 84000
    period = "year"
  }

  contract {
    start       = "2026-04-01"
    end         = "2028-03-31"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

tool "onetrust" {
  name         = "OneTrust Consent & Preference Management"
  vendor       = "OneTrust"
  product      = "onetrust"
  category     = "governance-privacy"
  capabilities = ["consent-management", "privacy-requests"]
  owner        = team.privacy
  admins       = ["hannah.weiss@acme.example"]
  objectives   = [objective.data_trust]
  status       = "active"
  scope        = ["global"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.web_behavior]

  cost {
    amount = 42000
    period = "year"
  }

  contract {
    start       = "2025-07-01"
    end         = "2027-06-30"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

tool "zoominfo" {
  name         = "ZoomInfo SalesOS"
  vendor       = "ZoomInfo"
  product      = "zoominfo"
  category     = "audience-data"
  capabilities = ["b2b-contact-data", "contact-enrichment"]
  owner        = team.revops
  admins       = ["grace.liu@acme.example"]
  objectives   = [objective.pipeline, objective.data_trust]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true
  stores       = [data_class.contact_pii] # deliberate: personal-data-without-dpa

  cost {
    amount = 38000
    period = "year"
    seats  = 15
  }

  # No DPA on file: the renewal went through without one.
  contract {
    start       = "2025-12-02"
    end         = "2026-12-01" # deliberate: the notice deadline (2026-11-01) passed unnoticed
    auto_renew  = true
    notice_days = 30
  }
}

# The invoice goes straight to finance; nobody has entered the amount yet.
tool "dreamdata" { # deliberate: missing-cost
  name         = "Dreamdata"
  vendor       = "Dreamdata"
  product      = "dreamdata"
  category     = "marketing-analytics"
  capabilities = ["attribution"]
  owner        = team.mops
  admins       = ["dana.kim@acme.example"]
  objectives   = [objective.pipeline, objective.martech_efficiency]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration", "conversion"]
  sso          = true
  stores       = [data_class.lead_score, data_class.web_behavior]

  contract {
    start       = "2026-09-01"
    end         = "2027-08-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}
