package policies

func contractRules() []*Rule { return nil }
