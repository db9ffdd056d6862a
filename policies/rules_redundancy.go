package policies

func redundancyRules() []*Rule { return nil }
