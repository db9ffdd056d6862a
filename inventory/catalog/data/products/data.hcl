# Products whose category belongs to "Data" (data), grouped by subcategory
# in taxonomy order. Field reference: inventory/catalog/catalog.go (type Product).

# Audience/Marketing Data & Data Enhancement

product "zoominfo" {
  name         = "ZoomInfo"
  vendor       = "ZoomInfo"
  category     = "audience-data"
  capabilities = ["b2b-contact-data", "contact-enrichment", "intent-data"]
  domains      = ["zoominfo.com"]
  app_names    = ["ZoomInfo", "ZoomInfo SalesOS", "ZoomInfo MarketingOS"]
  script_hosts = ["ws.zoominfo.com", "js.zi-scripts.com"]
}

product "clearbit" {
  name         = "Clearbit"
  vendor       = "HubSpot"
  category     = "audience-data"
  capabilities = ["contact-enrichment", "b2b-contact-data", "account-intelligence"]
  domains      = ["clearbit.com"]
  app_names    = ["Clearbit", "Breeze Intelligence"]
  packages     = ["clearbit"]
  script_hosts = ["tag.clearbitscripts.com", "x.clearbitjs.com"]
}

product "bombora" {
  name         = "Bombora"
  vendor       = "Bombora"
  category     = "audience-data"
  capabilities = ["intent-data"]
  domains      = ["bombora.com"]
  app_names    = ["Bombora", "Bombora Company Surge"]
  script_hosts = ["ml314.com"]
}

product "lusha" {
  name         = "Lusha"
  vendor       = "Lusha"
  category     = "audience-data"
  capabilities = ["b2b-contact-data", "contact-enrichment"]
  domains      = ["lusha.com"]
  app_names    = ["Lusha"]
}

# Marketing Analytics, Performance & Attribution

product "bizible" {
  name         = "Adobe Marketo Measure"
  vendor       = "Adobe"
  category     = "marketing-analytics"
  capabilities = ["attribution"]
  domains      = ["bizible.com"]
  app_names    = ["Bizible", "Marketo Measure", "Adobe Marketo Measure"]
  script_hosts = ["cdn.bizible.com"]
}

product "dreamdata" {
  name         = "Dreamdata"
  vendor       = "Dreamdata"
  category     = "marketing-analytics"
  capabilities = ["attribution"]
  domains      = ["dreamdata.io"]
  app_names    = ["Dreamdata"]
  script_hosts = ["cdn.dreamdata.cloud"]
}

product "hockeystack" {
  name         = "HockeyStack"
  vendor       = "HockeyStack"
  category     = "marketing-analytics"
  capabilities = ["attribution", "web-analytics"]
  domains      = ["hockeystack.com"]
  app_names    = ["HockeyStack"]
  packages     = ["hockeystack"]
  script_hosts = ["cdn.jsdelivr.net/npm/hockeystack"]
}

product "supermetrics" {
  name         = "Supermetrics"
  vendor       = "Supermetrics"
  category     = "marketing-analytics"
  capabilities = ["etl", "dashboards"]
  domains      = ["supermetrics.com"]
  app_names    = ["Supermetrics"]
}

product "funnel-io" {
  name         = "Funnel"
  vendor       = "Funnel"
  category     = "marketing-analytics"
  capabilities = ["etl", "dashboards"]
  domains      = ["funnel.io"]
  app_names    = ["Funnel", "Funnel.io"]
}

# Mobile & Web Analytics

product "google-analytics-4" {
  name         = "Google Analytics 4"
  vendor       = "Google"
  category     = "web-mobile-analytics"
  capabilities = ["web-analytics", "attribution"]
  domains      = ["analytics.google.com", "google-analytics.com"]
  app_names    = ["Google Analytics", "Google Analytics 4", "GA4", "Google Analytics 4 Web", "Google Analytics 4 Cloud"]
  packages     = ["react-ga4", "ga-4-react", "@google-analytics/data"]
  script_hosts = ["www.googletagmanager.com/gtag/js"]
}

product "adobe-analytics" {
  name         = "Adobe Analytics"
  vendor       = "Adobe"
  category     = "web-mobile-analytics"
  capabilities = ["web-analytics", "attribution"]
  domains      = ["sc.omtrdc.net", "2o7.net"]
  app_names    = ["Adobe Analytics", "Omniture SiteCatalyst"]
}

product "amplitude" {
  name         = "Amplitude"
  vendor       = "Amplitude"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics", "session-replay", "ab-testing"]
  domains      = ["amplitude.com"]
  app_names    = ["Amplitude", "Amplitude (Actions)"]
  packages     = ["@amplitude/analytics-browser", "@amplitude/analytics-node", "@amplitude/analytics-react-native", "amplitude-js", "amplitude-analytics"]
  script_hosts = ["cdn.amplitude.com"]
}

product "mixpanel" {
  name         = "Mixpanel"
  vendor       = "Mixpanel"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics", "session-replay"]
  domains      = ["mixpanel.com"]
  app_names    = ["Mixpanel", "Mixpanel (Actions)"]
  packages     = ["mixpanel-browser", "mixpanel", "mixpanel-react-native"]
  script_hosts = ["cdn.mxpnl.com"]
}

product "heap" {
  name         = "Heap"
  vendor       = "Heap"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics", "session-replay", "heatmaps"]
  domains      = ["heap.io", "heapanalytics.com"]
  app_names    = ["Heap"]
  packages     = ["@heap/react-native-heap"]
  script_hosts = ["cdn.heapanalytics.com"]
}

product "pendo" {
  name         = "Pendo"
  vendor       = "Pendo"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics", "in-app-messaging", "surveys"]
  domains      = ["pendo.io"]
  app_names    = ["Pendo"]
  script_hosts = ["cdn.pendo.io"]
}

product "posthog" {
  name         = "PostHog"
  vendor       = "PostHog"
  category     = "web-mobile-analytics"
  capabilities = ["product-analytics", "session-replay", "feature-flags", "ab-testing"]
  domains      = ["posthog.com"]
  app_names    = ["PostHog"]
  packages     = ["posthog-js", "posthog-node", "posthog", "posthog-react-native"]
}

product "hotjar" {
  name         = "Hotjar"
  vendor       = "Hotjar"
  category     = "web-mobile-analytics"
  capabilities = ["heatmaps", "session-replay", "surveys"]
  domains      = ["hotjar.com", "hotjar.io"]
  app_names    = ["Hotjar"]
  packages     = ["@hotjar/browser", "react-hotjar"]
  script_hosts = ["static.hotjar.com", "script.hotjar.com"]
}

product "fullstory" {
  name         = "FullStory"
  vendor       = "FullStory"
  category     = "web-mobile-analytics"
  capabilities = ["session-replay", "heatmaps", "product-analytics"]
  domains      = ["fullstory.com"]
  app_names    = ["FullStory"]
  packages     = ["@fullstory/browser", "@fullstory/react-native", "@fullstory/snippet"]
  script_hosts = ["edge.fullstory.com"]
}

product "microsoft-clarity" {
  name         = "Microsoft Clarity"
  vendor       = "Microsoft"
  category     = "web-mobile-analytics"
  capabilities = ["heatmaps", "session-replay"]
  domains      = ["clarity.microsoft.com"]
  app_names    = ["Microsoft Clarity"]
  packages     = ["@microsoft/clarity"]
  script_hosts = ["www.clarity.ms"]
}

product "appsflyer" {
  name         = "AppsFlyer"
  vendor       = "AppsFlyer"
  category     = "web-mobile-analytics"
  capabilities = ["mobile-attribution"]
  domains      = ["appsflyer.com", "onelink.me"]
  app_names    = ["AppsFlyer"]
  packages     = ["react-native-appsflyer", "cordova-plugin-appsflyer-sdk"]
  script_hosts = ["websdk.appsflyer.com"]
}

product "adjust" {
  name         = "Adjust"
  vendor       = "Adjust"
  category     = "web-mobile-analytics"
  capabilities = ["mobile-attribution"]
  domains      = ["adjust.com"]
  app_names    = ["Adjust"]
  packages     = ["react-native-adjust", "@adjustcom/adjust-web-sdk"]
}

# Dashboards & Data Visualization

product "looker" {
  name         = "Looker"
  vendor       = "Google"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  domains      = ["looker.com"]
  app_names    = ["Looker"]
  packages     = ["@looker/sdk", "looker-sdk"]
}

product "looker-studio" {
  name         = "Looker Studio"
  vendor       = "Google"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  domains      = ["lookerstudio.google.com", "datastudio.google.com"]
  app_names    = ["Looker Studio", "Google Data Studio"]
}

product "tableau" {
  name         = "Tableau"
  vendor       = "Tableau"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  domains      = ["tableau.com"]
  app_names    = ["Tableau", "Tableau Cloud", "Tableau Online"]
  packages     = ["tableauserverclient", "@tableau/embedding-api"]
}

product "power-bi" {
  name         = "Microsoft Power BI"
  vendor       = "Microsoft"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  domains      = ["powerbi.com"]
  app_names    = ["Power BI", "Microsoft Power BI"]
  packages     = ["powerbi-client", "powerbi-client-react"]
}

product "mode" {
  name         = "Mode"
  vendor       = "Mode"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  domains      = ["mode.com"]
  app_names    = ["Mode", "Mode Analytics"]
}

product "sigma" {
  name         = "Sigma"
  vendor       = "Sigma Computing"
  category     = "dashboards-visualization"
  capabilities = ["dashboards"]
  domains      = ["sigmacomputing.com"]
  app_names    = ["Sigma", "Sigma Computing"]
}

# Business/Customer Intelligence & Data Science

product "snowflake" {
  name         = "Snowflake"
  vendor       = "Snowflake"
  category     = "business-intelligence"
  capabilities = ["data-warehouse"]
  domains      = ["snowflakecomputing.com", "snowflake.com"]
  app_names    = ["Snowflake"]
  packages     = ["snowflake-connector-python", "snowflake-snowpark-python", "snowflake-sdk", "github.com/snowflakedb/gosnowflake"]
}

product "bigquery" {
  name         = "Google BigQuery"
  vendor       = "Google"
  category     = "business-intelligence"
  capabilities = ["data-warehouse"]
  domains      = ["bigquery.googleapis.com", "console.cloud.google.com/bigquery"]
  app_names    = ["BigQuery", "Google BigQuery"]
  packages     = ["@google-cloud/bigquery", "google-cloud-bigquery", "cloud.google.com/go/bigquery"]
}

product "databricks" {
  name         = "Databricks"
  vendor       = "Databricks"
  category     = "business-intelligence"
  capabilities = ["data-warehouse"]
  domains      = ["databricks.com", "azuredatabricks.net"]
  app_names    = ["Databricks"]
  packages     = ["databricks-sdk", "databricks-sql-connector"]
}

# iPaaS, Cloud/Data Integration & Tag Management

product "google-tag-manager" {
  name         = "Google Tag Manager"
  vendor       = "Google"
  category     = "ipaas-integration"
  capabilities = ["tag-management"]
  domains      = ["tagmanager.google.com"]
  app_names    = ["Google Tag Manager", "GTM"]
  packages     = ["react-gtm-module"]
  script_hosts = ["www.googletagmanager.com"]
}

product "fivetran" {
  name         = "Fivetran"
  vendor       = "Fivetran"
  category     = "ipaas-integration"
  capabilities = ["etl"]
  domains      = ["fivetran.com"]
  app_names    = ["Fivetran"]
}

product "airbyte" {
  name         = "Airbyte"
  vendor       = "Airbyte"
  category     = "ipaas-integration"
  capabilities = ["etl"]
  domains      = ["airbyte.com"]
  app_names    = ["Airbyte"]
  packages     = ["airbyte"]
}

product "stitch" {
  name         = "Stitch"
  vendor       = "Qlik"
  category     = "ipaas-integration"
  capabilities = ["etl"]
  domains      = ["stitchdata.com"]
  app_names    = ["Stitch", "Stitch Data"]
}

product "dbt-cloud" {
  name         = "dbt Cloud"
  vendor       = "dbt Labs"
  category     = "ipaas-integration"
  capabilities = ["etl"]
  domains      = ["getdbt.com"]
  app_names    = ["dbt Cloud"]
}

product "hightouch" {
  name         = "Hightouch"
  vendor       = "Hightouch"
  category     = "ipaas-integration"
  capabilities = ["reverse-etl", "audience-segmentation", "identity-resolution"]
  domains      = ["hightouch.com", "hightouch.io"]
  app_names    = ["Hightouch"]
}

product "census" {
  name         = "Census"
  vendor       = "Census"
  category     = "ipaas-integration"
  capabilities = ["reverse-etl", "audience-segmentation"]
  domains      = ["getcensus.com"]
  app_names    = ["Census"]
}

product "zapier" {
  name         = "Zapier"
  vendor       = "Zapier"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation"]
  domains      = ["zapier.com"]
  app_names    = ["Zapier"]
}

product "workato" {
  name         = "Workato"
  vendor       = "Workato"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation", "etl"]
  domains      = ["workato.com"]
  app_names    = ["Workato"]
}

product "tray-io" {
  name         = "Tray.ai"
  vendor       = "Tray.ai"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation"]
  domains      = ["tray.io", "tray.ai"]
  app_names    = ["Tray.io", "Tray.ai"]
}

product "make" {
  name         = "Make"
  vendor       = "Make"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation"]
  domains      = ["make.com", "integromat.com"]
  app_names    = ["Make", "Integromat"]
}

product "n8n" {
  name         = "n8n"
  vendor       = "n8n"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation"]
  domains      = ["n8n.io", "n8n.cloud"]
  app_names    = ["n8n"]
  packages     = ["n8n"]
}

product "celigo" {
  name         = "Celigo"
  vendor       = "Celigo"
  category     = "ipaas-integration"
  capabilities = ["workflow-automation", "etl"]
  domains      = ["celigo.com", "integrator.io"]
  app_names    = ["Celigo", "Celigo integrator.io"]
}

# Governance, Compliance & Privacy

product "onetrust" {
  name         = "OneTrust"
  vendor       = "OneTrust"
  category     = "governance-privacy"
  capabilities = ["consent-management", "privacy-requests"]
  domains      = ["onetrust.com", "cookielaw.org"]
  app_names    = ["OneTrust"]
  script_hosts = ["cdn.cookielaw.org", "optanon.blob.core.windows.net"]
}

product "cookiebot" {
  name         = "Cookiebot"
  vendor       = "Usercentrics"
  category     = "governance-privacy"
  capabilities = ["consent-management"]
  domains      = ["cookiebot.com"]
  app_names    = ["Cookiebot"]
  script_hosts = ["consent.cookiebot.com", "consentcdn.cookiebot.com"]
}

product "usercentrics" {
  name         = "Usercentrics"
  vendor       = "Usercentrics"
  category     = "governance-privacy"
  capabilities = ["consent-management"]
  domains      = ["usercentrics.com"]
  app_names    = ["Usercentrics"]
  packages     = ["@usercentrics/cmp-browser-sdk"]
  script_hosts = ["app.usercentrics.eu", "web.cmp.usercentrics.eu"]
}

product "trustarc" {
  name         = "TrustArc"
  vendor       = "TrustArc"
  category     = "governance-privacy"
  capabilities = ["consent-management", "privacy-requests"]
  domains      = ["trustarc.com", "truste.com"]
  app_names    = ["TrustArc"]
  script_hosts = ["consent.trustarc.com"]
}

product "osano" {
  name         = "Osano"
  vendor       = "Osano"
  category     = "governance-privacy"
  capabilities = ["consent-management", "privacy-requests"]
  domains      = ["osano.com"]
  app_names    = ["Osano"]
  script_hosts = ["cmp.osano.com"]
}

product "ketch" {
  name         = "Ketch"
  vendor       = "Ketch"
  category     = "governance-privacy"
  capabilities = ["consent-management", "privacy-requests"]
  domains      = ["ketch.com"]
  app_names    = ["Ketch"]
  script_hosts = ["global.ketchcdn.com"]
}

product "transcend" {
  name         = "Transcend"
  vendor       = "Transcend"
  category     = "governance-privacy"
  capabilities = ["privacy-requests", "consent-management"]
  domains      = ["transcend.io"]
  app_names    = ["Transcend"]
  script_hosts = ["transcend-cdn.com"]
}

# Customer Data Platform

product "segment" {
  name         = "Segment"
  vendor       = "Twilio"
  category     = "cdp"
  capabilities = ["customer-data-platform", "identity-resolution", "audience-segmentation", "reverse-etl"]
  domains      = ["segment.com", "segment.io", "segmentapis.com"]
  app_names    = ["Segment", "Twilio Segment"]
  packages     = ["@segment/analytics-next", "@segment/analytics-node", "analytics-node", "@segment/analytics-react-native", "segment-analytics-python", "analytics-python", "analytics-ruby", "github.com/segmentio/analytics-go", "github.com/segmentio/analytics-go/v3"]
  script_hosts = ["cdn.segment.com"]
  scanner      = "segment"
}

product "mparticle" {
  name         = "mParticle"
  vendor       = "mParticle"
  category     = "cdp"
  capabilities = ["customer-data-platform", "identity-resolution", "audience-segmentation"]
  domains      = ["mparticle.com"]
  app_names    = ["mParticle"]
  packages     = ["@mparticle/web-sdk", "react-native-mparticle", "mparticle"]
  script_hosts = ["jssdkcdns.mparticle.com"]
}

product "rudderstack" {
  name         = "RudderStack"
  vendor       = "RudderStack"
  category     = "cdp"
  capabilities = ["customer-data-platform", "identity-resolution", "reverse-etl"]
  domains      = ["rudderstack.com", "rudderlabs.com"]
  app_names    = ["RudderStack"]
  packages     = ["@rudderstack/analytics-js", "rudder-sdk-js", "@rudderstack/rudder-sdk-node", "rudder-sdk-python"]
  script_hosts = ["cdn.rudderlabs.com"]
}

product "tealium" {
  name         = "Tealium"
  vendor       = "Tealium"
  category     = "cdp"
  capabilities = ["customer-data-platform", "tag-management", "audience-segmentation", "identity-resolution"]
  domains      = ["tealium.com", "tealiumiq.com"]
  app_names    = ["Tealium", "Tealium iQ", "Tealium AudienceStream"]
  script_hosts = ["tags.tiqcdn.com"]
}
