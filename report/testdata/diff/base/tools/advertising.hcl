# Advertising & Promotion: paid media, programmatic, mobile messaging, PR and
# print. Ad platforms charge no licence fee (cost 0): the media budget itself
# is planned and tracked in Allocadia, not here.

tool "linkedin_ads" {
  name         = "LinkedIn Ads"
  vendor       = "LinkedIn"
  product      = "linkedin-ads"
  category     = "search-social-ads"
  capabilities = ["paid-social"]
  owner        = team.northwind
  admins       = ["priya.nair@northwind.example", "luis.ortega@acme.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = false
  stores       = [data_class.contact_pii] # deliberate: agency-holds-personal-data

  cost {
    amount = 0
    period = "year"
  }

  # Managed-account insertion order signed by Acme; the agency operates it.
  contract {
    start       = "2026-07-01"
    end         = "2027-06-30"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

tool "google_ads" {
  name         = "Google Ads"
  vendor       = "Google"
  product      = "google-ads"
  category     = "search-social-ads"
  capabilities = ["search-ads"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example", "priya.nair@northwind.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true

  cost {
    amount = 0
    period = "month"
  }

  # Self-serve terms with no end date; Google's data processing terms accepted.
  contract {
    start = "2019-03-01"
    dpa   = true
  }
}

tool "the_trade_desk" {
  name         = "The Trade Desk"
  vendor       = "The Trade Desk"
  product      = "the-trade-desk"
  category     = "display-programmatic"
  capabilities = ["programmatic-buying", "retargeting"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example", "priya.nair@northwind.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["na", "emea"]
  stages       = ["awareness"]
  sso          = true
  stores       = [data_class.web_behavior]

  # Platform fee only; media is billed separately.
  cost {
    amount = 48000
    period = "year"
  }

  contract {
    start       = "2026-01-01"
    end         = "2027-12-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}

# Paused in June 2026 after poor B2B lead quality; kept for the audit trail.
tool "meta_ads" {
  name         = "Meta Ads"
  vendor       = "Meta"
  product      = "meta-ads"
  category     = "search-social-ads"
  capabilities = ["paid-social"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example"]
  status       = "retired"
  scope        = ["na"]
  stages       = ["awareness"]
  sso          = false

  contract {
    start = "2023-01-15"
    end   = "2026-06-30"
    dpa   = true
  }
}

# Bought by corporate communications in London; nobody tied it to an objective.
tool "cision" { # deliberate: unaligned-spend
  name         = "Cision Communications Cloud"
  vendor       = "Cision"
  product      = "cision"
  category     = "public-relations"
  capabilities = ["press-distribution", "media-monitoring"]
  owner        = team.content
  admins       = ["ben.adler@acme.example", "claire.moss@acme.example"]
  status       = "active"
  scope        = ["emea"]
  stages       = ["awareness"]
  sso          = false

  cost {
    amount   = 14000
    currency = "GBP"
    period   = "year"
  }

  contract {
    start       = "2025-10-01"
    end         = "2027-09-30"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

# Category and capabilities come from the catalog entry for `lob`.
tool "lob" {
  name       = "Lob"
  product    = "lob"
  owner      = team.demand_gen
  admins     = ["luis.ortega@acme.example"]
  objectives = [objective.pipeline]
  status     = "active"
  scope      = ["na"]
  stages     = ["consideration"]
  sso        = false
  stores     = [data_class.contact_pii]

  cost {
    amount = 6000
    period = "year"
  }

  contract {
    start       = "2026-04-01"
    end         = "2027-03-31"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

tool "braze" {
  name         = "Braze"
  vendor       = "Braze"
  product      = "braze"
  category     = "mobile-marketing"
  capabilities = ["in-app-messaging", "push-notifications"]
  owner        = team.product_marketing
  admins       = ["nina.patel@acme.example", "kai.yamamoto@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["onboarding", "retention"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.product_usage]

  cost {
    amount = 90000
    period = "year"
  }

  contract {
    start       = "2025-07-01"
    end         = "2027-06-30"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }
}
