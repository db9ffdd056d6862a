package scanners_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/stackaudit/stackaudit/scanners"
	"github.com/stackaudit/stackaudit/usage"
)

func TestUserList(t *testing.T) {
	var l scanners.UserList
	assert.Equal(t, []usage.User{}, l.Users(), "no users is an empty list, not nil")
	day := func(d int) time.Time { return time.Date(2026, 11, d, 0, 0, 0, 0, time.UTC) }
	assert.True(t, l.Add(usage.User{ID: "1", Email: "a@x"}))
	assert.True(t, l.Add(usage.User{ID: "2"}))
	assert.False(t, l.Add(usage.User{ID: "1", Email: "again@x"}), "a repeated id")
	assert.True(t, l.SeenAt("1", day(3)))
	assert.True(t, l.SeenAt("1", day(1)), "an earlier date is seen but does not replace the latest")
	assert.False(t, l.SeenAt("3", day(5)), "a user not in the list")
	got := l.Users()
	assert.Len(t, got, 2)
	assert.Equal(t, "a@x", got[0].Email)
	if assert.NotNil(t, got[0].LastActive) {
		assert.Equal(t, day(3), *got[0].LastActive)
	}
	assert.Nil(t, got[1].LastActive)
}
