# Products whose category belongs to "Content & Experience" (content-experience), grouped by subcategory
# in taxonomy order. Field reference: inventory/catalog/catalog.go (type Product).

# Interactive Content

product "typeform" {
  name         = "Typeform"
  vendor       = "Typeform"
  category     = "interactive-content"
  capabilities = ["forms", "surveys", "interactive-content"]
  domains      = ["typeform.com"]
  app_names    = ["Typeform"]
  merchants    = ["TYPEFORM SL", "TYPEFORM"]
  packages     = ["@typeform/embed", "@typeform/embed-react"]
  script_hosts = ["embed.typeform.com"]
}

product "jotform" {
  name         = "Jotform"
  vendor       = "Jotform"
  category     = "interactive-content"
  capabilities = ["forms", "surveys"]
  domains      = ["jotform.com"]
  app_names    = ["Jotform"]
}

# Video Marketing

product "wistia" {
  name         = "Wistia"
  vendor       = "Wistia"
  category     = "video-marketing"
  capabilities = ["video-hosting", "webinars"]
  domains      = ["wistia.com", "wistia.net"]
  app_names    = ["Wistia"]
  script_hosts = ["fast.wistia.com", "fast.wistia.net"]
}

product "vimeo" {
  name         = "Vimeo"
  vendor       = "Vimeo"
  category     = "video-marketing"
  capabilities = ["video-hosting"]
  domains      = ["vimeo.com"]
  app_names    = ["Vimeo"]
  packages     = ["@vimeo/player", "vimeo", "PyVimeo"]
  script_hosts = ["player.vimeo.com"]
}

product "brightcove" {
  name         = "Brightcove"
  vendor       = "Brightcove"
  category     = "video-marketing"
  capabilities = ["video-hosting"]
  domains      = ["brightcove.com", "brightcove.net"]
  app_names    = ["Brightcove", "Brightcove Video Cloud"]
  packages     = ["@brightcove/react-player-loader"]
  script_hosts = ["players.brightcove.net"]
}

product "vidyard" {
  name         = "Vidyard"
  vendor       = "Vidyard"
  category     = "video-marketing"
  capabilities = ["video-hosting", "sales-engagement"]
  domains      = ["vidyard.com"]
  app_names    = ["Vidyard"]
  packages     = ["@vidyard/embed-code"]
  script_hosts = ["play.vidyard.com"]
}

# Email Marketing

product "mailchimp" {
  name         = "Mailchimp"
  vendor       = "Intuit"
  category     = "email-marketing"
  capabilities = ["email-marketing", "transactional-email", "landing-pages", "forms", "journey-orchestration"]
  domains      = ["mailchimp.com", "list-manage.com", "mandrillapp.com"]
  app_names    = ["Mailchimp", "Intuit Mailchimp", "Mandrill"]
  merchants    = ["INTUIT MAILCHIMP", "MAILCHIMP"]
  packages     = ["@mailchimp/mailchimp_marketing", "@mailchimp/mailchimp_transactional", "mailchimp-marketing", "mailchimp-transactional", "mailchimp3"]
  script_hosts = ["chimpstatic.com"]
  scanner      = "mailchimp"
}

product "klaviyo" {
  name         = "Klaviyo"
  vendor       = "Klaviyo"
  category     = "email-marketing"
  capabilities = ["email-marketing", "sms-marketing", "journey-orchestration", "audience-segmentation", "forms"]
  domains      = ["klaviyo.com"]
  app_names    = ["Klaviyo", "Klaviyo (Actions)"]
  packages     = ["klaviyo-api"]
  script_hosts = ["static.klaviyo.com", "static-tracking.klaviyo.com"]
}

product "twilio-sendgrid" {
  name         = "Twilio SendGrid"
  vendor       = "Twilio"
  category     = "email-marketing"
  capabilities = ["transactional-email", "email-marketing"]
  domains      = ["sendgrid.com", "sendgrid.net"]
  app_names    = ["SendGrid", "Twilio SendGrid"]
  packages     = ["@sendgrid/mail", "@sendgrid/client", "sendgrid"]
}

product "constant-contact" {
  name         = "Constant Contact"
  vendor       = "Constant Contact"
  category     = "email-marketing"
  capabilities = ["email-marketing", "forms", "landing-pages"]
  domains      = ["constantcontact.com"]
  app_names    = ["Constant Contact"]
}

# Optimization, Personalization & Testing

product "optimizely" {
  name         = "Optimizely"
  vendor       = "Optimizely"
  category     = "optimization-personalization-testing"
  capabilities = ["ab-testing", "personalization", "feature-flags"]
  domains      = ["optimizely.com"]
  app_names    = ["Optimizely", "Optimizely Web", "Optimizely Web Experimentation", "Optimizely Feature Experimentation", "Optimizely Full Stack"]
  packages     = ["@optimizely/optimizely-sdk", "@optimizely/react-sdk", "optimizely-sdk"]
  script_hosts = ["cdn.optimizely.com"]
}

product "vwo" {
  name         = "VWO"
  vendor       = "Wingify"
  category     = "optimization-personalization-testing"
  capabilities = ["ab-testing", "personalization", "heatmaps", "session-replay"]
  domains      = ["vwo.com"]
  app_names    = ["VWO", "Visual Website Optimizer"]
  packages     = ["vwo-node-sdk", "vwo-python-sdk"]
  script_hosts = ["dev.visualwebsiteoptimizer.com"]
}

product "adobe-target" {
  name         = "Adobe Target"
  vendor       = "Adobe"
  category     = "optimization-personalization-testing"
  capabilities = ["ab-testing", "personalization"]
  domains      = ["tt.omtrdc.net"]
  app_names    = ["Adobe Target"]
  packages     = ["@adobe/target-nodejs-sdk"]
}

product "mutiny" {
  name         = "Mutiny"
  vendor       = "Mutiny"
  category     = "optimization-personalization-testing"
  capabilities = ["personalization", "ab-testing"]
  domains      = ["mutinyhq.com"]
  app_names    = ["Mutiny"]
  script_hosts = ["mutinycdn.com"]
}

product "launchdarkly" {
  name         = "LaunchDarkly"
  vendor       = "LaunchDarkly"
  category     = "optimization-personalization-testing"
  capabilities = ["feature-flags", "ab-testing"]
  domains      = ["launchdarkly.com"]
  app_names    = ["LaunchDarkly"]
  packages     = ["launchdarkly-js-client-sdk", "launchdarkly-react-client-sdk", "@launchdarkly/node-server-sdk", "launchdarkly-node-server-sdk", "launchdarkly-server-sdk"]
}

product "unbounce" {
  name         = "Unbounce"
  vendor       = "Unbounce"
  category     = "optimization-personalization-testing"
  capabilities = ["landing-pages", "ab-testing", "forms"]
  domains      = ["unbounce.com", "unbouncepages.com"]
  app_names    = ["Unbounce"]
}

product "instapage" {
  name         = "Instapage"
  vendor       = "Instapage"
  category     = "optimization-personalization-testing"
  capabilities = ["landing-pages", "ab-testing", "personalization"]
  domains      = ["instapage.com"]
  app_names    = ["Instapage"]
}

# DAM & MRM

product "bynder" {
  name         = "Bynder"
  vendor       = "Bynder"
  category     = "dam-mrm"
  capabilities = ["dam"]
  domains      = ["bynder.com", "getbynder.com"]
  app_names    = ["Bynder"]
  packages     = ["@bynder/bynder-js-sdk", "bynder-sdk"]
}

product "brandfolder" {
  name         = "Brandfolder"
  vendor       = "Brandfolder"
  category     = "dam-mrm"
  capabilities = ["dam"]
  domains      = ["brandfolder.com"]
  app_names    = ["Brandfolder"]
}

product "canva" {
  name         = "Canva"
  vendor       = "Canva"
  category     = "dam-mrm"
  capabilities = ["creative-design"]
  domains      = ["canva.com"]
  app_names    = ["Canva", "Canva for Teams", "Canva Enterprise"]
  merchants    = ["SQ *CANVA", "CANVA PTY LTD"]
  script_hosts = ["sdk.canva.com"]

  # Canva's support centre states the per-member price of Canva for Work (the plan now sold as
  # Canva Teams); the stored copy carries no date of its own, so read is the day it was read here.
  list_price {
    amount   = 119.40
    currency = "USD"
    period   = "year"
    per      = "seat"
    plan     = "Canva for Work, now Canva Teams; per member, billed annually; USD 12.95 a month billed monthly"
    source   = "https://canvasupport.zendesk.com/hc/en-us/articles/222719468-How-will-I-be-billed-if-I-add-someone-to-my-team-"
    read     = "2026-12-06"
  }
}

product "adobe-creative-cloud" {
  name         = "Adobe Creative Cloud"
  vendor       = "Adobe"
  category     = "dam-mrm"
  capabilities = ["creative-design"]
  domains      = ["creativecloud.adobe.com"]
  app_names    = ["Adobe Creative Cloud"]
}

# SEO

product "semrush" {
  name         = "Semrush"
  vendor       = "Semrush"
  category     = "seo"
  capabilities = ["seo-research", "content-planning"]
  domains      = ["semrush.com"]
  app_names    = ["Semrush"]
  merchants    = ["SEMRUSH INC", "SEMRUSH.COM"]
}

product "ahrefs" {
  name         = "Ahrefs"
  vendor       = "Ahrefs"
  category     = "seo"
  capabilities = ["seo-research", "web-analytics"]
  domains      = ["ahrefs.com"]
  app_names    = ["Ahrefs"]
  script_hosts = ["analytics.ahrefs.com"]
}

product "brightedge" {
  name         = "BrightEdge"
  vendor       = "BrightEdge"
  category     = "seo"
  capabilities = ["seo-research", "content-planning"]
  domains      = ["brightedge.com"]
  app_names    = ["BrightEdge"]
}

# Marketing Automation & Campaign/Lead Management

product "hubspot-marketing-hub" {
  name         = "HubSpot Marketing Hub"
  vendor       = "HubSpot"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "forms", "lead-scoring", "lead-nurturing", "journey-orchestration", "social-publishing", "ab-testing"]
  domains      = ["hubspot.com", "hubapi.com"]
  app_names    = ["HubSpot", "HubSpot Marketing Hub", "HubSpot Marketing", "HubSpot Cloud Mode (Actions)", "HubSpot Web (Actions)"]
  merchants    = ["HUBSPOT INC", "HUBSPOT"]
  packages     = ["@hubspot/api-client", "hubspot-api-client"]
  script_hosts = ["js.hs-scripts.com", "js.hs-analytics.net", "js.hsforms.net", "js.hscollectedforms.net", "js.hs-banner.com", "js.hsadspixel.net"]
  scanner      = "hubspot"
}

product "marketo-engage" {
  name         = "Adobe Marketo Engage"
  vendor       = "Adobe"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "forms", "lead-scoring", "lead-nurturing", "journey-orchestration", "ab-testing"]
  domains      = ["marketo.com", "marketo.net", "mktoresp.com"]
  app_names    = ["Marketo", "Marketo Engage", "Marketo V2"]
  script_hosts = ["munchkin.marketo.net"]
}

product "salesforce-account-engagement" {
  name         = "Salesforce Marketing Cloud Account Engagement (Pardot)"
  vendor       = "Salesforce"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "forms", "lead-scoring", "lead-nurturing", "journey-orchestration"]
  domains      = ["pardot.com"]
  app_names    = ["Pardot", "Salesforce Pardot", "Account Engagement", "Salesforce Account Engagement", "Marketing Cloud Account Engagement"]
  script_hosts = ["pi.pardot.com", "cdn.pardot.com"]
}

product "salesforce-marketing-cloud" {
  name         = "Salesforce Marketing Cloud Engagement"
  vendor       = "Salesforce"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "sms-marketing", "push-notifications", "transactional-email", "journey-orchestration", "audience-segmentation"]
  domains      = ["exacttarget.com", "marketingcloudapps.com"]
  app_names    = ["Salesforce Marketing Cloud", "Marketing Cloud", "Marketing Cloud Engagement", "ExactTarget", "Salesforce Marketing Cloud (Actions)"]
  packages     = ["fuelsdk-node", "Salesforce-FuelSDK", "react-native-marketingcloudsdk"]
  script_hosts = ["collect.igodigital.com"]
}

product "dynamics-365-marketing" {
  name         = "Microsoft Dynamics 365 Customer Insights - Journeys"
  vendor       = "Microsoft"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "journey-orchestration", "lead-scoring", "forms", "sms-marketing"]
  domains      = ["crm.dynamics.com"]
  app_names    = ["Dynamics 365 Marketing", "Microsoft Dynamics 365 Marketing", "Dynamics 365 Customer Insights - Journeys", "Dynamics 365 Customer Insights"]
}

product "iterable" {
  name         = "Iterable"
  vendor       = "Iterable"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "sms-marketing", "push-notifications", "in-app-messaging", "journey-orchestration"]
  domains      = ["iterable.com"]
  app_names    = ["Iterable", "Iterable (Actions)"]
  packages     = ["@iterable/web-sdk", "@iterable/react-native-sdk"]
}

product "customer-io" {
  name         = "Customer.io"
  vendor       = "Customer.io"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "sms-marketing", "push-notifications", "in-app-messaging", "transactional-email", "journey-orchestration"]
  domains      = ["customer.io"]
  app_names    = ["Customer.io", "Customer.io (Actions)"]
  packages     = ["customerio-node", "customerio", "@customerio/cdp-analytics-browser"]
  script_hosts = ["assets.customer.io"]
}

product "activecampaign" {
  name         = "ActiveCampaign"
  vendor       = "ActiveCampaign"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "journey-orchestration", "lead-scoring", "forms", "landing-pages"]
  domains      = ["activecampaign.com", "activehosted.com"]
  app_names    = ["ActiveCampaign"]
  script_hosts = ["diffuser-cdn.app-us1.com"]
}

product "eloqua" {
  name         = "Oracle Eloqua"
  vendor       = "Oracle"
  category     = "marketing-automation"
  capabilities = ["email-marketing", "landing-pages", "forms", "lead-scoring", "lead-nurturing", "journey-orchestration"]
  domains      = ["eloqua.com"]
  app_names    = ["Oracle Eloqua", "Eloqua"]
  script_hosts = ["img.en25.com"]
}

# CMS & Web Experience Management

product "hubspot-cms" {
  name         = "HubSpot Content Hub"
  vendor       = "HubSpot"
  category     = "cms-web-experience"
  capabilities = ["web-cms", "website-builder", "landing-pages", "personalization", "ab-testing"]
  domains      = ["hubspot.com", "hubapi.com", "hs-sites.com"]
  app_names    = ["HubSpot", "HubSpot CMS", "HubSpot CMS Hub", "HubSpot Content Hub"]
  packages     = ["@hubspot/api-client", "hubspot-api-client", "@hubspot/cli", "@hubspot/cms-dev-server"]
  scanner      = "hubspot"
}

product "contentful" {
  name         = "Contentful"
  vendor       = "Contentful"
  category     = "cms-web-experience"
  capabilities = ["headless-cms"]
  domains      = ["contentful.com", "ctfassets.net"]
  app_names    = ["Contentful"]
  packages     = ["contentful", "contentful-management", "@contentful/rich-text-react-renderer"]
}

product "wordpress-vip" {
  name         = "WordPress VIP"
  vendor       = "Automattic"
  category     = "cms-web-experience"
  capabilities = ["web-cms", "headless-cms"]
  domains      = ["wpvip.com", "go-vip.net", "go-vip.co"]
  app_names    = ["WordPress VIP"]
  packages     = ["@automattic/vip"]
}

product "webflow" {
  name         = "Webflow"
  vendor       = "Webflow"
  category     = "cms-web-experience"
  capabilities = ["website-builder", "web-cms", "forms"]
  domains      = ["webflow.com", "webflow.io"]
  app_names    = ["Webflow"]
  packages     = ["webflow-api"]
  script_hosts = ["website-files.com"]
}

product "sitecore" {
  name         = "Sitecore"
  vendor       = "Sitecore"
  category     = "cms-web-experience"
  capabilities = ["web-cms", "headless-cms", "personalization"]
  domains      = ["sitecore.com", "sitecorecloud.io"]
  app_names    = ["Sitecore", "Sitecore XM Cloud"]
  packages     = ["@sitecore-jss/sitecore-jss", "@sitecore-jss/sitecore-jss-nextjs"]
}

product "adobe-experience-manager" {
  name         = "Adobe Experience Manager"
  vendor       = "Adobe"
  category     = "cms-web-experience"
  capabilities = ["web-cms", "headless-cms", "dam"]
  domains      = ["adobeaemcloud.com"]
  app_names    = ["Adobe Experience Manager", "AEM", "Adobe Experience Manager Sites"]
  packages     = ["@adobe/aem-headless-client-js", "@adobe/aem-spa-page-model-manager"]
}

product "contentstack" {
  name         = "Contentstack"
  vendor       = "Contentstack"
  category     = "cms-web-experience"
  capabilities = ["headless-cms"]
  domains      = ["contentstack.com", "contentstack.io"]
  app_names    = ["Contentstack"]
  packages     = ["contentstack", "@contentstack/management"]
}

product "sanity" {
  name         = "Sanity"
  vendor       = "Sanity"
  category     = "cms-web-experience"
  capabilities = ["headless-cms"]
  domains      = ["sanity.io"]
  app_names    = ["Sanity"]
  packages     = ["@sanity/client", "sanity", "next-sanity"]
}

product "storyblok" {
  name         = "Storyblok"
  vendor       = "Storyblok"
  category     = "cms-web-experience"
  capabilities = ["headless-cms"]
  domains      = ["storyblok.com"]
  app_names    = ["Storyblok"]
  packages     = ["@storyblok/js", "@storyblok/react", "storyblok-js-client"]
}
