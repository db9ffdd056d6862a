# Content & Experience: marketing automation, email, web, CMS, testing, SEO,
# digital assets and video.

tool "hubspot" {
  name         = "HubSpot Marketing Hub Enterprise"
  vendor       = "HubSpot"
  product      = "hubspot-marketing-hub"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "forms", "lead-scoring"] # deliberate: redundant-capability
  owner        = team.mops
  admins       = ["dana.kim@acme.example", "jo.schmidt@acme.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration", "conversion"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.lead_score, data_class.web_behavior]

  cost {
    amount = 64800
    period = "year"
    seats  = 30
  }

  contract {
    start       = "2025-09-01"
    end         = "2027-08-31"
    auto_renew  = true
    notice_days = 60
    dpa         = true
  }

  scan "hubspot" {
    token_env = "HUBSPOT_TOKEN"
  }
}

# The legacy platform: every region moves to HubSpot by 2027-Q2 (see the
# marketo-overlap waiver in policies.hcl).
tool "marketo" {
  name         = "Marketo Engage"
  vendor       = "Adobe"
  product      = "marketo-engage"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "lead-scoring", "lead-nurturing", "journey-orchestration"] # deliberate: redundant-capability
  owner        = team.mops
  admins       = ["dana.kim@acme.example", "raj.iyer@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion", "retention"]
  sso          = true
  stores       = [data_class.contact_pii, data_class.lead_score, data_class.web_behavior]

  cost {
    amount = 96000
    period = "year"
  }

  contract {
    start       = "2024-07-01"
    end         = "2027-06-30"
    auto_renew  = false
    notice_days = 90
    dpa         = true
  }

  scan "okta" {
    host      = "acme.okta.com"
    auth      = "private_key_jwt"
    client_id = "0oa1stackaudit"
    token_env = "OKTA_PRIVATE_KEY"
    app_id    = "0oa1marketo"
  }
}

tool "wordpress_vip" {
  name         = "WordPress VIP"
  vendor       = "Automattic"
  product      = "wordpress-vip"
  category     = "cms-web-experience"
  capabilities = ["web-cms"]
  owner        = team.content
  admins       = ["ben.adler@acme.example", "leo.martins@acme.example"]
  objectives   = [objective.pipeline, objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true
  stores       = [data_class.marketing_content]

  cost {
    amount = 60000
    period = "year"
  }

  contract {
    start       = "2025-04-01"
    end         = "2027-03-31"
    auto_renew  = false
    notice_days = 60
    dpa         = true
  }
}

tool "contentful" {
  name         = "Contentful"
  vendor       = "Contentful"
  product      = "contentful"
  category     = "cms-web-experience"
  capabilities = ["headless-cms"]
  owner        = team.content
  admins       = ["leo.martins@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["onboarding", "retention"]
  sso          = true
  stores       = [data_class.marketing_content]

  cost {
    amount   = 33000
    currency = "EUR"
    period   = "year"
  }

  contract {
    start       = "2026-05-01"
    end         = "2027-04-30"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

# Trial for the 2027 brand-site rebuild; no cost or contract until it converts.
tool "webflow" {
  name         = "Webflow"
  vendor       = "Webflow"
  product      = "webflow"
  category     = "cms-web-experience"
  capabilities = ["website-builder"]
  owner        = team.brand
  admins       = ["mia.torres@acme.example"]
  objectives   = [objective.brand_awareness]
  status       = "trial"
  scope        = ["global"]
  stages       = ["awareness"]
  sso          = false
}

tool "optimizely" {
  name         = "Optimizely Web Experimentation"
  vendor       = "Optimizely"
  product      = "optimizely"
  category     = "optimization-personalization-testing"
  capabilities = ["ab-testing", "personalization"]
  owner        = team.demand_gen
  admins       = ["leo.martins@acme.example", "dana.kim@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["consideration", "conversion"]
  sso          = true
  stores       = [data_class.web_behavior]

  cost {
    amount = 72000
    period = "year"
  }

  contract {
    start       = "2025-12-01"
    end         = "2027-11-30"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

# Bought by the former SEO manager on a company card; nobody took it over.
tool "semrush" { # deliberate: tool-without-owner
  name         = "Semrush Business"
  vendor       = "Semrush"
  product      = "semrush"
  category     = "seo"
  capabilities = ["seo-research"]
  admins       = ["ben.adler@acme.example"]
  objectives   = [objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness"]
  sso          = false

  cost {
    amount = 499.95
    period = "month"
    seats  = 3
  }

  contract {
    start       = "2026-09-01"
    end         = "2027-08-31"
    auto_renew  = true
    notice_days = 30
    dpa         = false
  }
}

tool "bynder" {
  name         = "Bynder"
  vendor       = "Bynder"
  product      = "bynder"
  category     = "dam-mrm"
  capabilities = ["dam"]
  owner        = team.brand
  admins       = ["mia.torres@acme.example"]
  objectives   = [objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = true
  stores       = [data_class.marketing_content]

  cost {
    amount   = 28000
    currency = "EUR"
    period   = "year"
    seats    = 40
  }

  contract {
    start       = "2026-01-01"
    end         = "2027-12-31"
    auto_renew  = true
    notice_days = 90
    dpa         = true
  }
}

tool "figma" {
  name         = "Figma Organization"
  vendor       = "Figma"
  product      = "figma"
  category     = "dam-mrm"
  capabilities = ["creative-design"]
  owner        = team.brand
  admins       = ["mia.torres@acme.example"]
  objectives   = [objective.brand_awareness]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness"]
  sso          = true
  stores       = [data_class.marketing_content]

  cost {
    amount = 6480
    period = "year"
    seats  = 12
  }

  contract {
    start       = "2026-06-01"
    end         = "2027-05-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }

  # Figma's SCIM API (Organization plan): the designers SCIM provisioned; activity is when each
  # user's record last changed, labelled record_modified, not a sign-in.
  scan "scim" {
    url       = "https://www.figma.com/scim/v2/1401286822445493852"
    token_env = "FIGMA_SCIM_TOKEN"
  }
}

# The renewal lapsed in June; Wistia still bills month to month at list price.
tool "wistia" {
  name         = "Wistia Advanced"
  vendor       = "Wistia"
  product      = "wistia"
  category     = "video-marketing"
  capabilities = ["video-hosting"]
  owner        = team.content
  admins       = ["ben.adler@acme.example"]
  objectives   = [objective.pipeline]
  status       = "active"
  scope        = ["global"]
  stages       = ["awareness", "consideration"]
  sso          = false
  stores       = [data_class.marketing_content]

  cost {
    amount = 4788
    period = "year"
  }

  contract {
    start       = "2025-07-01"
    end         = "2026-06-30" # deliberate: contract-lapsed
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

tool "sendgrid" {
  name         = "Twilio SendGrid Pro"
  vendor       = "Twilio"
  product      = "twilio-sendgrid"
  category     = "email-marketing"
  capabilities = ["transactional-email"]
  owner        = team.product_marketing
  admins       = ["kai.yamamoto@acme.example"]
  objectives   = [objective.expansion]
  status       = "active"
  scope        = ["global"]
  stages       = ["onboarding", "retention"]
  sso          = false
  stores       = [data_class.contact_pii]

  cost {
    amount = 249
    period = "month"
  }

  contract {
    start       = "2026-08-01"
    end         = "2027-07-31"
    auto_renew  = true
    notice_days = 30
    dpa         = true
  }
}

# Landing pages moved to HubSpot; cancelled at the December renewal.
tool "unbounce" {
  name         = "Unbounce"
  vendor       = "Unbounce"
  product      = "unbounce"
  category     = "marketing-automation"
  capabilities = ["landing-pages"]
  owner        = team.demand_gen
  admins       = ["luis.ortega@acme.example"]
  objectives   = [objective.pipeline]
  status       = "retiring"
  scope        = ["na"]
  stages       = ["conversion"]
  sso          = false
  stores       = [data_class.contact_pii]

  cost {
    amount = 2988
    period = "year"
  }

  contract {
    start       = "2025-12-15"
    end         = "2026-12-14"
    auto_renew  = false
    notice_days = 30
    dpa         = true
  }
}

# EMEA event newsletters; the lists move to HubSpot with the Marketo migration.
tool "mailchimp" {
  name         = "Mailchimp Standard"
  vendor       = "Intuit"
  product      = "mailchimp"
  category     = "email-marketing"
  capabilities = ["email-marketing"]
  owner        = team.field_events
  admins       = ["sofia.rossi@acme.example"]
  objectives   = [objective.pipeline]
  status       = "retiring"
  scope        = ["emea"]
  stages       = ["consideration"]
  sso          = false
  stores       = [data_class.contact_pii]

  cost {
    amount = 350
    period = "month"
  }

  # Month-to-month on Mailchimp's standard terms: no end date.
  contract {
    start = "2023-05-01"
    dpa   = true
  }

  scan "mailchimp" {
    host      = "us6.api.mailchimp.com"
    token_env = "MAILCHIMP_API_KEY"
  }
}
