package store

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHotStatementPlans runs EXPLAIN QUERY PLAN on every statement of the
// hot request paths and checks that each reaches its tables through an
// index (SEARCH, never SCAN) and needs no temporary B-tree for sorting.
// The +? parameters must leave the plans as bare ? would.
func TestHotStatementPlans(t *testing.T) {
	s := mustOpen(t, "")
	stmts := map[string]struct {
		sql  string
		args []any
	}{
		"friendsPage":   {friendsPageSQL, []any{1, "a", 100, 0}},
		"friendList":    {friendListSQL, []any{1, "a", 100, 0}},
		"countFriends":  {countFriendsSQL, []any{1, "a"}},
		"friend":        {friendSQL, []any{1, "a", "b"}},
		"relations":     {relationsSQL, []any{1, "a", `["b"]`}},
		"relation":      {relationSQL, []any{1, "a", "b"}},
		"addOutcome":    {addOutcomeSQL, []any{1, "a", "b", true, true, true}},
		"deleteEdge":    {deleteEdgeSQL, []any{1, "a", "b"}},
		"userExists":    {userExistsSQL, []any{1, "a"}},
		"tenant":        {tenantSQL, []any{"zego", 1}},
		"deleteAllRead": {deleteAllReadSQL, []any{1, "a", true}},
		"deleteAllBack": {deleteAllBackSQL, []any{1, "a"}},
		"deleteAll":     {deleteAllSQL, []any{1, "a"}},
	}
	for name, st := range stmts {
		t.Run(name, func(t *testing.T) {
			rows, err := s.db.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+st.sql, st.args...)
			require.NoError(t, err)
			defer rows.Close()
			var plan []string
			for rows.Next() {
				var id, parent, notused int
				var detail string
				require.NoError(t, rows.Scan(&id, &parent, &notused, &detail))
				plan = append(plan, detail)
			}
			require.NoError(t, rows.Err())
			for _, line := range plan {
				// json_each is a virtual table: scanning it is the point.
				if strings.HasPrefix(line, "SCAN") && !strings.Contains(line, "VIRTUAL TABLE") && line != "SCAN CONSTANT ROW" {
					assert.Fail(t, "full scan", "%s\n%s", line, strings.Join(plan, "\n"))
				}
				assert.NotContains(t, line, "TEMP B-TREE", strings.Join(plan, "\n"))
			}
		})
	}
}
