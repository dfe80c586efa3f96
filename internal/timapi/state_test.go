package timapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestDeleteStateEffects checks, through friend_check and friend_get only,
// what friend_delete and friend_delete_all did to both lists of each pair.
func TestDeleteStateEffects(t *testing.T) {
	type rel struct{ from, to, both string }
	tests := []struct {
		name     string
		path     string
		body     string
		items    []float64 // ResultCode per To_Account, friend_delete only
		relation []rel     // CheckResult_Type_Both relations afterwards
		friends  map[string][]string
	}{
		{
			name: "one-way keeps the reverse edge",
			path: "sns/friend_delete", body: `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Single"}`,
			items:    []float64{0},
			relation: []rel{{"alice", "bob", "BWithA"}, {"bob", "alice", "AWithB"}},
			friends:  map[string][]string{"alice": {"carol", "dave"}, "bob": {"alice", "carol"}},
		},
		{
			name: "two-way removes both edges",
			path: "sns/friend_delete", body: `{"From_Account":"alice","To_Account":["bob"],"DeleteType":"Delete_Type_Both"}`,
			items:    []float64{0},
			relation: []rel{{"alice", "bob", "NoRelation"}, {"bob", "alice", "NoRelation"}},
			friends:  map[string][]string{"alice": {"carol", "dave"}, "bob": {"carol"}},
		},
		{
			name: "two-way of a one-way friendship removes the one edge",
			path: "sns/friend_delete", body: `{"From_Account":"erin","To_Account":["alice"],"DeleteType":"Delete_Type_Both"}`,
			items:    []float64{0},
			relation: []rel{{"erin", "alice", "NoRelation"}},
			friends:  map[string][]string{"erin": {}, "alice": {"bob", "carol", "dave"}},
		},
		{
			name: "two-way from the side that lists nobody changes nothing",
			path: "sns/friend_delete", body: `{"From_Account":"alice","To_Account":["erin"],"DeleteType":"Delete_Type_Both"}`,
			items:    []float64{31704},
			relation: []rel{{"erin", "alice", "AWithB"}},
			friends:  map[string][]string{"erin": {"alice"}},
		},
		{
			name: "partial batch applies the deletable items only",
			path: "sns/friend_delete", body: `{"From_Account":"alice","To_Account":["bob","frank","zed","carol","bob"],"DeleteType":"Delete_Type_Both"}`,
			items: []float64{0, 31704, 30003, 0, 31704},
			relation: []rel{{"alice", "bob", "NoRelation"}, {"alice", "carol", "NoRelation"}, {"alice", "dave", "BothWay"},
				{"alice", "erin", "BWithA"}, {"bob", "carol", "BothWay"}},
			friends: map[string][]string{"alice": {"dave"}, "bob": {"carol"}, "carol": {"bob"}, "frank": {}},
		},
		{
			name: "delete_all one-way empties only the owner's list",
			path: "sns/friend_delete_all", body: `{"From_Account":"alice"}`,
			relation: []rel{{"alice", "bob", "BWithA"}, {"alice", "carol", "BWithA"}, {"alice", "dave", "BWithA"}, {"alice", "erin", "BWithA"}},
			friends:  map[string][]string{"alice": {}, "bob": {"alice", "carol"}, "dave": {"alice"}},
		},
		{
			name: "delete_all two-way also leaves the former friends' lists",
			path: "sns/friend_delete_all", body: `{"From_Account":"alice","DeleteType":"Delete_Type_Both"}`,
			relation: []rel{{"alice", "bob", "NoRelation"}, {"alice", "carol", "NoRelation"}, {"alice", "dave", "NoRelation"},
				{"alice", "erin", "BWithA"}, {"bob", "carol", "BothWay"}},
			friends: map[string][]string{"alice": {}, "bob": {"carol"}, "carol": {"bob"}, "dave": {}, "erin": {"alice"}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			out := e.postOK(tc.path, tc.body)
			if tc.items != nil {
				var codes []float64
				for _, it := range out["ResultItem"].([]any) {
					codes = append(codes, it.(map[string]any)["ResultCode"].(float64))
				}
				assert.Equal(t, tc.items, codes)
			}
			for _, r := range tc.relation {
				assert.Equal(t, "CheckResult_Type_"+r.both, e.relation(r.from, r.to, "Both"), "%s → %s", r.from, r.to)
			}
			for owner, want := range tc.friends {
				assert.Equal(t, want, e.friendIDs(owner), "friends of %s", owner)
			}
		})
	}
}

// TestDeleteAllThousandFriends empties a 1000-friend two-way list in one
// call and checks every former friend through friend_check.
func TestDeleteAllThousandFriends(t *testing.T) {
	e := newEnv(t)
	var ids, items []string
	for i := range 1000 {
		id := fmt.Sprintf("%q", fmt.Sprintf("f%04d", i))
		ids = append(ids, id)
		items = append(items, `{"To_Account":`+id+`,"AddSource":"AddSource_Type_Test"}`)
		if len(ids) == 100 {
			e.postOK("im_open_login_svc/multiaccount_import", `{"Accounts":[`+strings.Join(ids, ",")+`]}`)
			ids = ids[:0]
		}
	}
	e.postOK("sns/friend_add", `{"From_Account":"frank","AddFriendItem":[`+strings.Join(items, ",")+`]}`)
	assert.Len(t, e.friendIDs("frank"), 100) // one page of 1000

	e.postOK("sns/friend_delete_all", `{"From_Account":"frank","DeleteType":"Delete_Type_Both"}`)
	assert.Empty(t, e.friendIDs("frank"))
	var all []string
	for i := range 1000 {
		all = append(all, fmt.Sprintf("%q", fmt.Sprintf("f%04d", i)))
	}
	out := e.postOK("sns/friend_check", `{"From_Account":"frank","To_Account":[`+strings.Join(all, ",")+`],"CheckType":"CheckResult_Type_Both"}`)
	for _, it := range out["InfoItem"].([]any) {
		assert.Equal(t, "CheckResult_Type_NoRelation", it.(map[string]any)["Relation"])
	}
}
