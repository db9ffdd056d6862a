# Products whose category belongs to "Advertising & Promotion" (advertising-promotion), grouped by subcategory
# in taxonomy order. Field reference: inventory/catalog/catalog.go (type Product).

# Display & Programmatic Advertising

product "the-trade-desk" {
  name         = "The Trade Desk"
  vendor       = "The Trade Desk"
  category     = "display-programmatic"
  capabilities = ["programmatic-buying", "retargeting", "video-ads"]
  domains      = ["thetradedesk.com"]
  app_names    = ["The Trade Desk"]
  script_hosts = ["js.adsrvr.org", "insight.adsrvr.org"]
}

product "dv360" {
  name         = "Display & Video 360"
  vendor       = "Google"
  category     = "display-programmatic"
  capabilities = ["programmatic-buying", "video-ads", "retargeting"]
  domains      = ["displayvideo.google.com"]
  app_names    = ["Display & Video 360", "DV360"]
}

product "stackadapt" {
  name         = "StackAdapt"
  vendor       = "StackAdapt"
  category     = "display-programmatic"
  capabilities = ["programmatic-buying", "native-ads", "video-ads", "retargeting"]
  domains      = ["stackadapt.com"]
  app_names    = ["StackAdapt"]
  script_hosts = ["tags.srv.stackadapt.com"]
}

product "adroll" {
  name         = "AdRoll"
  vendor       = "NextRoll"
  category     = "display-programmatic"
  capabilities = ["retargeting", "programmatic-buying", "email-marketing"]
  domains      = ["adroll.com"]
  app_names    = ["AdRoll"]
  script_hosts = ["s.adroll.com"]
}

# Search & Social Advertising

product "google-ads" {
  name         = "Google Ads"
  vendor       = "Google"
  category     = "search-social-ads"
  capabilities = ["search-ads", "video-ads", "retargeting"]
  domains      = ["ads.google.com"]
  app_names    = ["Google Ads", "Google AdWords", "Google Ads Conversions", "Google Ads Remarketing Lists"]
  packages     = ["google-ads", "google-ads-googleads", "google-ads-api"]
  script_hosts = ["www.googleadservices.com", "googleads.g.doubleclick.net"]
}

product "microsoft-advertising" {
  name         = "Microsoft Advertising"
  vendor       = "Microsoft"
  category     = "search-social-ads"
  capabilities = ["search-ads", "retargeting"]
  domains      = ["ads.microsoft.com"]
  app_names    = ["Microsoft Advertising", "Bing Ads"]
  packages     = ["bingads"]
  script_hosts = ["bat.bing.com"]
}

product "linkedin-ads" {
  name         = "LinkedIn Ads"
  vendor       = "LinkedIn"
  category     = "search-social-ads"
  capabilities = ["paid-social", "retargeting", "ad-targeting-abm"]
  domains      = ["ads.linkedin.com", "www.linkedin.com/campaignmanager"]
  app_names    = ["LinkedIn Ads", "LinkedIn Campaign Manager", "LinkedIn Insight Tag", "LinkedIn Conversions API", "LinkedIn Audiences", "LinkedIn Matched Audiences"]
  script_hosts = ["snap.licdn.com"]
}

product "meta-ads" {
  name         = "Meta Ads"
  vendor       = "Meta"
  category     = "search-social-ads"
  capabilities = ["paid-social", "retargeting", "video-ads"]
  domains      = ["business.facebook.com", "adsmanager.facebook.com"]
  app_names    = ["Meta Ads", "Facebook Ads", "Meta Pixel", "Facebook Pixel", "Facebook Conversions API", "Facebook Custom Audiences"]
  packages     = ["facebook-nodejs-business-sdk", "facebook_business", "facebookbusiness", "react-facebook-pixel"]
  script_hosts = ["connect.facebook.net"]
}

product "tiktok-ads" {
  name         = "TikTok Ads"
  vendor       = "TikTok"
  category     = "search-social-ads"
  capabilities = ["paid-social", "video-ads", "retargeting"]
  domains      = ["ads.tiktok.com"]
  app_names    = ["TikTok Ads", "TikTok Pixel", "TikTok Conversions"]
  script_hosts = ["analytics.tiktok.com"]
}

product "reddit-ads" {
  name         = "Reddit Ads"
  vendor       = "Reddit"
  category     = "search-social-ads"
  capabilities = ["paid-social", "retargeting"]
  domains      = ["ads.reddit.com"]
  app_names    = ["Reddit Ads", "Reddit Pixel", "Reddit Conversions API"]
  script_hosts = ["www.redditstatic.com/ads"]
}

product "metadata-io" {
  name         = "Metadata.io"
  vendor       = "Metadata"
  category     = "search-social-ads"
  capabilities = ["paid-social", "ad-targeting-abm"]
  domains      = ["metadata.io"]
  app_names    = ["Metadata.io", "Metadata"]
}

product "gartner-digital-markets" {
  name         = "Gartner Digital Markets (Capterra, GetApp, Software Advice)"
  vendor       = "Gartner"
  category     = "search-social-ads"
  capabilities = ["search-ads", "reviews-management"]
  domains      = ["capterra.com", "getapp.com", "softwareadvice.com", "digitalmarkets.gartner.com"]
  app_names    = ["Gartner Digital Markets", "Capterra", "GetApp", "Software Advice"]
}

# Native/Content Advertising

product "taboola" {
  name         = "Taboola"
  vendor       = "Taboola"
  category     = "native-content-ads"
  capabilities = ["native-ads"]
  domains      = ["taboola.com"]
  app_names    = ["Taboola"]
  script_hosts = ["cdn.taboola.com"]
}

product "outbrain" {
  name         = "Outbrain"
  vendor       = "Outbrain"
  category     = "native-content-ads"
  capabilities = ["native-ads"]
  domains      = ["outbrain.com"]
  app_names    = ["Outbrain"]
  script_hosts = ["amplify.outbrain.com"]
}

# Mobile Marketing

product "braze" {
  name         = "Braze"
  vendor       = "Braze"
  category     = "mobile-marketing"
  capabilities = ["push-notifications", "in-app-messaging", "email-marketing", "sms-marketing", "journey-orchestration", "audience-segmentation"]
  domains      = ["braze.com", "braze.eu"]
  app_names    = ["Braze", "Braze Cloud Mode (Actions)", "Braze Web Mode (Actions)"]
  packages     = ["@braze/web-sdk", "@braze/react-native-sdk"]
  script_hosts = ["js.appboycdn.com"]
}

product "attentive" {
  name         = "Attentive"
  vendor       = "Attentive"
  category     = "mobile-marketing"
  capabilities = ["sms-marketing", "email-marketing"]
  domains      = ["attentive.com", "attentivemobile.com"]
  app_names    = ["Attentive"]
  script_hosts = ["cdn.attn.tv"]
}

product "onesignal" {
  name         = "OneSignal"
  vendor       = "OneSignal"
  category     = "mobile-marketing"
  capabilities = ["push-notifications", "in-app-messaging", "email-marketing", "sms-marketing"]
  domains      = ["onesignal.com"]
  app_names    = ["OneSignal"]
  packages     = ["react-onesignal", "react-native-onesignal", "onesignal-cordova-plugin", "@onesignal/node-onesignal"]
  script_hosts = ["cdn.onesignal.com"]
}

product "branch" {
  name         = "Branch"
  vendor       = "Branch Metrics"
  category     = "mobile-marketing"
  capabilities = ["mobile-attribution"]
  domains      = ["branch.io", "app.link"]
  app_names    = ["Branch", "Branch Metrics"]
  packages     = ["branch-sdk", "react-native-branch"]
  script_hosts = ["cdn.branch.io"]
}

# Public Relations

product "cision" {
  name         = "Cision"
  vendor       = "Cision"
  category     = "public-relations"
  capabilities = ["media-monitoring", "press-distribution"]
  domains      = ["cision.com"]
  app_names    = ["Cision", "CisionOne", "Cision Communications Cloud"]
}

product "pr-newswire" {
  name         = "PR Newswire"
  vendor       = "Cision"
  category     = "public-relations"
  capabilities = ["press-distribution"]
  domains      = ["prnewswire.com"]
  app_names    = ["PR Newswire"]
}

product "business-wire" {
  name         = "Business Wire"
  vendor       = "Business Wire"
  category     = "public-relations"
  capabilities = ["press-distribution"]
  domains      = ["businesswire.com"]
  app_names    = ["Business Wire"]
}

product "meltwater" {
  name         = "Meltwater"
  vendor       = "Meltwater"
  category     = "public-relations"
  capabilities = ["media-monitoring", "social-listening", "influencer-management"]
  domains      = ["meltwater.com"]
  app_names    = ["Meltwater"]
}

product "muck-rack" {
  name         = "Muck Rack"
  vendor       = "Muck Rack"
  category     = "public-relations"
  capabilities = ["media-monitoring"]
  domains      = ["muckrack.com"]
  app_names    = ["Muck Rack"]
}

# Print

product "lob" {
  name         = "Lob"
  vendor       = "Lob"
  category     = "print"
  capabilities = ["direct-mail"]
  domains      = ["lob.com"]
  app_names    = ["Lob"]
  packages     = ["lob", "@lob/lob-typescript-sdk"]
}

product "sendoso" {
  name         = "Sendoso"
  vendor       = "Sendoso"
  category     = "print"
  capabilities = ["direct-mail"]
  domains      = ["sendoso.com"]
  app_names    = ["Sendoso"]
}
