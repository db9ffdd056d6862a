# Products whose category belongs to "Social & Relationships" (social-relationships), grouped by subcategory
# in taxonomy order. Field reference: inventory/catalog/catalog.go (type Product).

# Call Analytics & Management

product "callrail" {
  name         = "CallRail"
  vendor       = "CallRail"
  category     = "call-analytics"
  capabilities = ["call-tracking", "attribution"]
  domains      = ["callrail.com"]
  app_names    = ["CallRail"]
  script_hosts = ["cdn.callrail.com"]
}

product "invoca" {
  name         = "Invoca"
  vendor       = "Invoca"
  category     = "call-analytics"
  capabilities = ["call-tracking", "conversation-intelligence", "attribution"]
  domains      = ["invoca.com", "invoca.net"]
  app_names    = ["Invoca"]
  script_hosts = ["solutions.invocacdn.com"]
}

# Account-Based Marketing

product "6sense" {
  name         = "6sense Revenue AI"
  vendor       = "6sense"
  category     = "abm"
  capabilities = ["account-intelligence", "intent-data", "ad-targeting-abm", "b2b-contact-data"]
  domains      = ["6sense.com"]
  app_names    = ["6sense", "6sense Revenue AI"]
  script_hosts = ["j.6sc.co"]
}

product "demandbase" {
  name         = "Demandbase One"
  vendor       = "Demandbase"
  category     = "abm"
  capabilities = ["account-intelligence", "intent-data", "ad-targeting-abm", "b2b-contact-data"]
  domains      = ["demandbase.com"]
  app_names    = ["Demandbase", "Demandbase One"]
  script_hosts = ["tag.demandbase.com", "api.company-target.com"]
}

product "terminus" {
  name         = "Terminus"
  vendor       = "Terminus"
  category     = "abm"
  capabilities = ["ad-targeting-abm", "account-intelligence"]
  domains      = ["terminus.com"]
  app_names    = ["Terminus"]
}

product "rollworks" {
  name         = "RollWorks"
  vendor       = "NextRoll"
  category     = "abm"
  capabilities = ["ad-targeting-abm", "account-intelligence", "retargeting"]
  domains      = ["rollworks.com"]
  app_names    = ["RollWorks"]
  script_hosts = ["s.adroll.com"]
}

# Events, Meetings & Webinars

product "on24" {
  name         = "ON24"
  vendor       = "ON24"
  category     = "events-webinars"
  capabilities = ["webinars", "event-management"]
  domains      = ["on24.com"]
  app_names    = ["ON24"]
}

product "zoom-webinars" {
  name         = "Zoom Webinars"
  vendor       = "Zoom"
  category     = "events-webinars"
  capabilities = ["webinars"]
  app_names    = ["Zoom Webinars", "Zoom Webinar"]
}

product "cvent" {
  name         = "Cvent"
  vendor       = "Cvent"
  category     = "events-webinars"
  capabilities = ["event-management", "webinars"]
  domains      = ["cvent.com"]
  app_names    = ["Cvent"]
}

product "goldcast" {
  name         = "Goldcast"
  vendor       = "Goldcast"
  category     = "events-webinars"
  capabilities = ["webinars", "event-management"]
  domains      = ["goldcast.io"]
  app_names    = ["Goldcast"]
}

product "bizzabo" {
  name         = "Bizzabo"
  vendor       = "Bizzabo"
  category     = "events-webinars"
  capabilities = ["event-management", "webinars"]
  domains      = ["bizzabo.com"]
  app_names    = ["Bizzabo"]
}

# Social Media Marketing & Monitoring

product "sprout-social" {
  name         = "Sprout Social"
  vendor       = "Sprout Social"
  category     = "social-media"
  capabilities = ["social-publishing", "social-listening", "employee-advocacy"]
  domains      = ["sproutsocial.com"]
  app_names    = ["Sprout Social"]
}

product "hootsuite" {
  name         = "Hootsuite"
  vendor       = "Hootsuite"
  category     = "social-media"
  capabilities = ["social-publishing", "social-listening", "employee-advocacy"]
  domains      = ["hootsuite.com"]
  app_names    = ["Hootsuite"]
  merchants    = ["HOOTSUITE MEDIA INC", "HOOTSUITE"]
}

product "sprinklr" {
  name         = "Sprinklr"
  vendor       = "Sprinklr"
  category     = "social-media"
  capabilities = ["social-publishing", "social-listening", "help-desk"]
  domains      = ["sprinklr.com"]
  app_names    = ["Sprinklr"]
}

product "khoros" {
  name         = "Khoros"
  vendor       = "Khoros"
  category     = "social-media"
  capabilities = ["social-publishing", "social-listening", "community", "live-chat"]
  domains      = ["khoros.com", "lithium.com"]
  app_names    = ["Khoros"]
}

product "brandwatch" {
  name         = "Brandwatch"
  vendor       = "Brandwatch"
  category     = "social-media"
  capabilities = ["social-listening", "social-publishing", "influencer-management"]
  domains      = ["brandwatch.com"]
  app_names    = ["Brandwatch"]
}

product "later" {
  name         = "Later"
  vendor       = "Later"
  category     = "social-media"
  capabilities = ["social-publishing", "influencer-management"]
  domains      = ["later.com"]
  app_names    = ["Later"]
}

product "buffer" {
  name         = "Buffer"
  vendor       = "Buffer"
  category     = "social-media"
  capabilities = ["social-publishing"]
  domains      = ["buffer.com"]
  app_names    = ["Buffer"]
}

# Advocacy, Loyalty & Referrals

product "influitive" {
  name         = "Influitive"
  vendor       = "Influitive"
  category     = "advocacy-loyalty-referrals"
  capabilities = ["referral-programs", "community"]
  domains      = ["influitive.com"]
  app_names    = ["Influitive"]
}

product "referralcandy" {
  name         = "ReferralCandy"
  vendor       = "ReferralCandy"
  category     = "advocacy-loyalty-referrals"
  capabilities = ["referral-programs"]
  domains      = ["referralcandy.com"]
  app_names    = ["ReferralCandy"]
}

product "smile-io" {
  name         = "Smile.io"
  vendor       = "Smile.io"
  category     = "advocacy-loyalty-referrals"
  capabilities = ["loyalty-programs", "referral-programs"]
  domains      = ["smile.io"]
  app_names    = ["Smile.io", "Smile: Loyalty & Rewards"]
  script_hosts = ["js.smile.io"]
}

# Influencers

product "aspire" {
  name         = "Aspire"
  vendor       = "Aspire"
  category     = "influencers"
  capabilities = ["influencer-management"]
  domains      = ["aspire.io"]
  app_names    = ["Aspire", "AspireIQ"]
}

product "grin" {
  name         = "GRIN"
  vendor       = "GRIN"
  category     = "influencers"
  capabilities = ["influencer-management"]
  domains      = ["grin.co"]
  app_names    = ["GRIN"]
}

# Feedback & Chat

product "drift" {
  name         = "Drift"
  vendor       = "Salesloft"
  category     = "feedback-chat"
  capabilities = ["live-chat", "chatbots", "meeting-scheduling"]
  domains      = ["drift.com"]
  app_names    = ["Drift", "Salesloft Drift"]
  script_hosts = ["js.driftt.com"]
}

product "intercom" {
  name         = "Intercom"
  vendor       = "Intercom"
  category     = "feedback-chat"
  capabilities = ["live-chat", "chatbots", "help-desk", "in-app-messaging"]
  domains      = ["intercom.com", "intercom.io"]
  app_names    = ["Intercom", "Intercom Web (Actions)", "Intercom Cloud Mode (Actions)"]
  packages     = ["@intercom/messenger-js-sdk", "intercom-client", "react-use-intercom"]
  script_hosts = ["widget.intercom.io", "js.intercomcdn.com"]
}

product "qualified" {
  name         = "Qualified"
  vendor       = "Qualified"
  category     = "feedback-chat"
  capabilities = ["live-chat", "chatbots", "meeting-scheduling"]
  domains      = ["qualified.com"]
  app_names    = ["Qualified"]
  script_hosts = ["js.qualified.com"]
}

product "surveymonkey" {
  name         = "SurveyMonkey"
  vendor       = "SurveyMonkey"
  category     = "feedback-chat"
  capabilities = ["surveys", "forms"]
  domains      = ["surveymonkey.com"]
  app_names    = ["SurveyMonkey"]
  script_hosts = ["widget.surveymonkey.com"]
}

# Community & Reviews

product "g2" {
  name         = "G2"
  vendor       = "G2"
  category     = "community-reviews"
  capabilities = ["reviews-management", "intent-data"]
  domains      = ["g2.com"]
  app_names    = ["G2", "G2 Crowd", "G2 Buyer Intent"]
  script_hosts = ["tracking.g2crowd.com"]
}

product "trustradius" {
  name         = "TrustRadius"
  vendor       = "TrustRadius"
  category     = "community-reviews"
  capabilities = ["reviews-management", "intent-data"]
  domains      = ["trustradius.com"]
  app_names    = ["TrustRadius"]
}

product "trustpilot" {
  name         = "Trustpilot"
  vendor       = "Trustpilot"
  category     = "community-reviews"
  capabilities = ["reviews-management"]
  domains      = ["trustpilot.com"]
  app_names    = ["Trustpilot"]
  script_hosts = ["widget.trustpilot.com"]
}

product "bazaarvoice" {
  name         = "Bazaarvoice"
  vendor       = "Bazaarvoice"
  category     = "community-reviews"
  capabilities = ["reviews-management"]
  domains      = ["bazaarvoice.com"]
  app_names    = ["Bazaarvoice"]
  script_hosts = ["apps.bazaarvoice.com"]
}

# Customer Experience, Service & Success

product "zendesk" {
  name         = "Zendesk"
  vendor       = "Zendesk"
  category     = "customer-experience"
  capabilities = ["help-desk", "live-chat", "chatbots"]
  domains      = ["zendesk.com"]
  app_names    = ["Zendesk", "Zendesk Support"]
  packages     = ["zendesk_api", "node-zendesk"]
  script_hosts = ["static.zdassets.com"]
}

product "hubspot-service-hub" {
  name         = "HubSpot Service Hub"
  vendor       = "HubSpot"
  category     = "customer-experience"
  capabilities = ["help-desk", "live-chat", "chatbots", "surveys", "customer-success"]
  domains      = ["hubspot.com", "hubapi.com"]
  app_names    = ["HubSpot", "HubSpot Service Hub", "HubSpot Service"]
  packages     = ["@hubspot/api-client", "hubspot-api-client"]
  script_hosts = ["js.usemessages.com"]
  scanner      = "hubspot"
}

product "gainsight" {
  name         = "Gainsight"
  vendor       = "Gainsight"
  category     = "customer-experience"
  capabilities = ["customer-success", "surveys", "in-app-messaging"]
  domains      = ["gainsight.com", "gainsightcloud.com"]
  app_names    = ["Gainsight", "Gainsight CS", "Gainsight PX"]
  script_hosts = ["web-sdk.aptrinsic.com"]
}

product "qualtrics" {
  name         = "Qualtrics"
  vendor       = "Qualtrics"
  category     = "customer-experience"
  capabilities = ["surveys"]
  domains      = ["qualtrics.com"]
  app_names    = ["Qualtrics", "Qualtrics XM"]
  script_hosts = ["siteintercept.qualtrics.com"]
}

product "medallia" {
  name         = "Medallia"
  vendor       = "Medallia"
  category     = "customer-experience"
  capabilities = ["surveys"]
  domains      = ["medallia.com"]
  app_names    = ["Medallia"]
  script_hosts = ["nebula-cdn.kampyle.com"]
}

# CRM

product "salesforce-sales-cloud" {
  name         = "Salesforce Sales Cloud"
  vendor       = "Salesforce"
  category     = "crm"
  capabilities = ["crm", "sales-forecasting"]
  domains      = ["salesforce.com", "force.com"]
  app_names    = ["Salesforce", "Salesforce Sales Cloud", "Sales Cloud", "Salesforce (Actions)"]
  packages     = ["jsforce", "simple-salesforce", "restforce"]
  scanner      = "salesforce"
}

product "hubspot-sales-hub" {
  name         = "HubSpot Sales Hub"
  vendor       = "HubSpot"
  category     = "crm"
  capabilities = ["crm", "sales-engagement", "meeting-scheduling", "sales-forecasting"]
  domains      = ["hubspot.com", "hubapi.com"]
  app_names    = ["HubSpot", "HubSpot Sales Hub", "HubSpot Sales", "HubSpot CRM"]
  packages     = ["@hubspot/api-client", "hubspot-api-client"]
  scanner      = "hubspot"
}

product "dynamics-365-sales" {
  name         = "Microsoft Dynamics 365 Sales"
  vendor       = "Microsoft"
  category     = "crm"
  capabilities = ["crm", "sales-forecasting"]
  domains      = ["crm.dynamics.com"]
  app_names    = ["Dynamics 365 Sales", "Microsoft Dynamics 365 Sales", "Dynamics CRM", "Microsoft Dynamics CRM"]
}

product "pipedrive" {
  name         = "Pipedrive"
  vendor       = "Pipedrive"
  category     = "crm"
  capabilities = ["crm", "sales-forecasting"]
  domains      = ["pipedrive.com"]
  app_names    = ["Pipedrive"]
  packages     = ["pipedrive"]

  # Pipedrive's knowledge base (Spanish edition) works an invoice through at the Essential plan's
  # annual price per user; the stored copy carries no date of its own, so read is the day it was
  # read here.
  list_price {
    amount   = 12.50
    currency = "USD"
    period   = "month"
    per      = "seat"
    plan     = "Essential, per user, billed annually"
    source   = "https://support.pipedrive.com/hc/es/articles/360000860705--C%C3%B3mo-se-calcula-el-coste-de-la-factura-de-suscripci%C3%B3n-de-Pipedrive-"
    read     = "2026-12-06"
  }
}

product "zoho-crm" {
  name         = "Zoho CRM"
  vendor       = "Zoho"
  category     = "crm"
  capabilities = ["crm"]
  domains      = ["crm.zoho.com", "crm.zoho.eu"]
  app_names    = ["Zoho CRM"]
}
