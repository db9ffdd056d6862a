package policies

func dataRules() []*Rule { return nil }
