# Data flows between tools: what moves, how, how often, and who owns each
# integration. `via` names the tool that carries a flow.

# --- CRM and marketing automation -------------------------------------------

flow "hubspot_to_salesforce" {
  from      = tool.hubspot
  to        = tool.salesforce
  data      = [data_class.contact_pii, data_class.lead_score]
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "salesforce_to_hubspot" {
  from      = tool.salesforce
  to        = tool.hubspot
  data      = [data_class.contact_pii]
  owner     = team.mops
  method    = "native"
  frequency = "realtime"
}

flow "marketo_to_salesforce" {
  from      = tool.marketo
  to        = tool.salesforce
  data      = [data_class.contact_pii, data_class.lead_score]
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "salesforce_to_marketo" {
  from      = tool.salesforce
  to        = tool.marketo
  data      = [data_class.contact_pii]
  owner     = team.mops
  method    = "native"
  frequency = "realtime"
}

flow "marketo_to_hubspot_migration" {
  from      = tool.marketo
  to        = tool.hubspot
  data      = [data_class.contact_pii, data_class.lead_score]
  owner     = team.mops
  method    = "file"
  frequency = "weekly"
}

flow "salesforce_to_mailchimp" {
  from      = tool.salesforce
  to        = tool.mailchimp
  data      = [data_class.contact_pii]
  owner     = team.field_events
  via       = tool.zapier
  method    = "api"
  frequency = "daily"
}

flow "wordpress_forms_to_hubspot" {
  from      = tool.wordpress_vip
  to        = tool.hubspot
  data      = [data_class.contact_pii]
  owner     = team.content
  method    = "api"
  frequency = "realtime"
}

flow "unbounce_to_marketo" {
  from      = tool.unbounce
  to        = tool.marketo
  data      = [data_class.contact_pii]
  owner     = team.demand_gen
  via       = tool.zapier
  method    = "api"
  frequency = "realtime"
}

# --- Sales tools --------------------------------------------------------------

flow "salesforce_to_outreach" {
  from      = tool.salesforce
  to        = tool.outreach
  data      = [data_class.contact_pii, data_class.lead_score]
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "gong_to_salesforce" {
  from      = tool.gong
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.revops
  method    = "native"
  frequency = "hourly"
}

flow "salesforce_to_chili_piper" {
  from      = tool.salesforce
  to        = tool.chili_piper # deliberate: personal-data-without-dpa
  data      = [data_class.contact_pii]
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "zoominfo_to_salesforce" {
  from      = tool.zoominfo
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.revops
  method    = "native"
  frequency = "daily"
}

flow "sixsense_to_salesforce" {
  from      = tool.sixsense
  to        = tool.salesforce
  data      = [data_class.lead_score]
  owner     = team.revops
  method    = "native"
  frequency = "daily"
}

flow "qualified_to_salesforce" {
  from      = tool.qualified
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.revops
  method    = "native"
  frequency = "realtime"
}

flow "partnerstack_to_salesforce" {
  from      = tool.partnerstack
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.revops
  via       = tool.workato
  method    = "api"
  frequency = "hourly"
}

flow "g2_intent_to_salesforce" {
  from      = tool.g2
  to        = tool.salesforce
  data      = [data_class.lead_score]
  owner     = team.revops
  method    = "native"
  frequency = "daily"
}

flow "callrail_to_salesforce" {
  from      = tool.callrail
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.demand_gen
  method    = "native"
  frequency = "realtime"
}

flow "salesforce_to_docusign" {
  from      = tool.salesforce
  to        = tool.docusign
  data      = [data_class.contact_pii]
  owner     = team.revops
  method    = "native"
  frequency = "ad-hoc"
}

flow "surveymonkey_to_salesforce" {
  from      = tool.surveymonkey
  to        = tool.salesforce
  data      = [data_class.contact_pii]
  owner     = team.product_marketing
  via       = tool.workato
  method    = "api"
  frequency = "daily"
}

# --- Events ---------------------------------------------------------------------

flow "cvent_to_marketo" {
  from      = tool.cvent
  to        = tool.marketo
  data      = [data_class.contact_pii]
  owner     = team.field_events
  method    = "native"
  frequency = "hourly"
}

flow "zoom_webinars_to_marketo" {
  from      = tool.zoom_webinars
  to        = tool.marketo
  data      = [data_class.contact_pii]
  owner     = team.field_events
  method    = "native"
  frequency = "hourly"
}

flow "zoom_webinars_emea_to_hubspot" {
  from      = tool.zoom_webinars_emea
  to        = tool.hubspot
  data      = [data_class.contact_pii]
  owner     = team.northwind
  via       = tool.zapier
  method    = "api"
  frequency = "daily"
}

# Trade-show badge scans, uploaded by whoever staffed the booth.
flow "booth_scans_to_marketo" { # deliberate: flow-without-owner
  from      = tool.cvent
  to        = tool.marketo
  data      = [data_class.contact_pii]
  method    = "manual"
  frequency = "ad-hoc"
}

# --- Advertising --------------------------------------------------------------

flow "hubspot_to_linkedin_ads" {
  from      = tool.hubspot
  to        = tool.linkedin_ads
  data      = [data_class.contact_pii]
  owner     = team.northwind
  method    = "native"
  frequency = "daily"
}

flow "linkedin_ads_to_hubspot" {
  from      = tool.linkedin_ads
  to        = tool.hubspot
  data      = [data_class.contact_pii]
  owner     = team.northwind
  method    = "native"
  frequency = "realtime"
}

flow "ga4_to_google_ads" {
  from      = tool.google_analytics_4
  to        = tool.google_ads
  data      = [data_class.web_behavior]
  owner     = team.demand_gen
  method    = "native"
  frequency = "daily"
}

flow "gtm_to_ga4" {
  from      = tool.google_tag_manager
  to        = tool.google_analytics_4
  data      = [data_class.web_behavior]
  owner     = team.mops
  method    = "native"
  frequency = "realtime"
}

flow "gtm_to_hotjar" {
  from      = tool.google_tag_manager
  to        = tool.hotjar
  data      = [data_class.web_behavior]
  owner     = team.mops
  method    = "native"
  frequency = "realtime"
}

flow "salesforce_to_lob" {
  from      = tool.salesforce
  to        = tool.lob
  data      = [data_class.contact_pii]
  owner     = team.demand_gen
  method    = "file"
  frequency = "monthly"
}

# --- Customer data platform -----------------------------------------------------

flow "onetrust_to_segment" {
  from      = tool.onetrust
  to        = tool.segment
  data      = [data_class.web_behavior]
  owner     = team.privacy
  method    = "native"
  frequency = "realtime"
}

flow "segment_to_amplitude" {
  from      = tool.segment
  to        = tool.amplitude
  data      = [data_class.web_behavior, data_class.product_usage]
  owner     = team.data_eng
  method    = "cdp"
  frequency = "realtime"
}

# Set up by the product team, which is not in this inventory.
flow "segment_to_mixpanel" { # deliberate: flow-without-owner
  from      = tool.segment
  to        = tool.mixpanel
  data      = [data_class.web_behavior, data_class.product_usage]
  method    = "cdp"
  frequency = "realtime"
}

flow "segment_to_ga4" {
  from      = tool.segment
  to        = tool.google_analytics_4
  data      = [data_class.web_behavior]
  owner     = team.mops
  method    = "cdp"
  frequency = "realtime"
}

flow "segment_to_hubspot" {
  from      = tool.segment
  to        = tool.hubspot
  data      = [data_class.web_behavior, data_class.product_usage]
  owner     = team.mops
  method    = "cdp"
  frequency = "realtime"
}

flow "segment_to_braze" {
  from      = tool.segment
  to        = tool.braze
  data      = [data_class.contact_pii, data_class.product_usage]
  owner     = team.product_marketing
  method    = "cdp"
  frequency = "realtime"
}

flow "segment_to_snowflake" {
  from      = tool.segment
  to        = tool.snowflake
  data      = [data_class.web_behavior, data_class.product_usage]
  owner     = team.data_eng
  method    = "cdp"
  frequency = "hourly"
}

# --- Warehouse ------------------------------------------------------------------

flow "salesforce_to_snowflake" {
  from      = tool.salesforce
  to        = tool.snowflake
  data      = [data_class.contact_pii, data_class.lead_score]
  owner     = team.data_eng
  via       = tool.fivetran
  method    = "etl"
  frequency = "hourly"
}

flow "hubspot_to_snowflake" {
  from      = tool.hubspot
  to        = tool.snowflake
  data      = [data_class.contact_pii, data_class.web_behavior]
  owner     = team.data_eng
  via       = tool.fivetran
  method    = "etl"
  frequency = "daily"
}

flow "marketo_to_snowflake" {
  from      = tool.marketo
  to        = tool.snowflake
  data      = [data_class.contact_pii, data_class.lead_score]
  owner     = team.data_eng
  via       = tool.fivetran
  method    = "etl"
  frequency = "daily"
}

flow "partnerstack_payouts_to_snowflake" {
  from      = tool.partnerstack
  to        = tool.snowflake
  data      = [data_class.payment_data]
  owner     = team.data_eng
  via       = tool.fivetran
  method    = "etl"
  frequency = "daily"
}

flow "snowflake_to_salesforce" {
  from      = tool.snowflake
  to        = tool.salesforce
  data      = [data_class.product_usage, data_class.lead_score]
  owner     = team.revops
  via       = tool.hightouch
  method    = "reverse-etl"
  frequency = "hourly"
}

flow "snowflake_to_hubspot" {
  from      = tool.snowflake
  to        = tool.hubspot
  data      = [data_class.product_usage]
  owner     = team.mops
  via       = tool.hightouch
  method    = "reverse-etl"
  frequency = "daily"
}

flow "snowflake_to_looker" {
  from      = tool.snowflake
  to        = tool.looker
  data      = [data_class.lead_score, data_class.product_usage]
  owner     = team.data_eng
  method    = "native"
  frequency = "realtime"
}

flow "salesforce_to_dreamdata" {
  from      = tool.salesforce
  to        = tool.dreamdata
  data      = [data_class.lead_score]
  owner     = team.mops
  method    = "native"
  frequency = "daily"
}

flow "looker_to_allocadia" {
  from      = tool.looker
  to        = tool.allocadia
  data      = [data_class.lead_score]
  owner     = team.mops
  method    = "manual"
  frequency = "monthly"
}

# --- Content --------------------------------------------------------------------

flow "contentful_to_wordpress_vip" {
  from      = tool.contentful
  to        = tool.wordpress_vip
  data      = [data_class.marketing_content]
  owner     = team.content
  method    = "api"
  frequency = "hourly"
}

flow "bynder_to_wordpress_vip" {
  from      = tool.bynder
  to        = tool.wordpress_vip
  data      = [data_class.marketing_content]
  owner     = team.brand
  method    = "api"
  frequency = "ad-hoc"
}

flow "figma_to_bynder" {
  from      = tool.figma
  to        = tool.bynder
  data      = [data_class.marketing_content]
  owner     = team.brand
  method    = "manual"
  frequency = "ad-hoc"
}

flow "bynder_to_highspot" {
  from      = tool.bynder
  to        = tool.highspot
  data      = [data_class.marketing_content]
  owner     = team.product_marketing
  via       = tool.workato
  method    = "api"
  frequency = "weekly"
}

flow "hubspot_alerts_to_slack" {
  from      = tool.hubspot
  to        = tool.slack
  data      = [data_class.lead_score]
  owner     = team.mops
  via       = tool.zapier
  method    = "api"
  frequency = "realtime"
}
