package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/imemu/imemu/fixtures"
	"github.com/imemu/imemu/internal/clock"
	"github.com/imemu/imemu/internal/store"
)

// shape is the graph every app of a generated data set gets.
type shape struct {
	users  int // registered users u000000 …
	ring   int // users 0..ring-1 each befriend, two-way, the degree users nearest them on a ring
	degree int // even, below ring
	hub    int // users hubA and hubB are each two-way friends with users 0..hub-1; 0 = no hubs
}

func (s *shape) flags(fs *flag.FlagSet) {
	fs.IntVar(&s.users, "users", 10_000, "registered users per app")
	fs.IntVar(&s.ring, "ring", 2_000, "users on the friendship ring")
	fs.IntVar(&s.degree, "degree", 20, "friends of each ring user (even)")
	fs.IntVar(&s.hub, "hub", 10_000, "friends of each of the users hubA and hubB (0: no hubs)")
}

func (s shape) check() error {
	switch {
	case s.degree%2 != 0 || s.degree <= 0 || s.degree >= s.ring:
		return fmt.Errorf("-degree must be even, positive and below -ring")
	case s.ring > s.users || s.hub > s.users:
		return fmt.Errorf("-ring and -hub must not exceed -users")
	}
	return nil
}

// edgesPerApp is how many directed edges each app gets.
func (s shape) edgesPerApp() int { return s.ring*s.degree + 2*len(hubIDs)*s.hub }

func userID(i int) string { return fmt.Sprintf("u%06d", i) }

// hubIDs are the users whose whole lists the delete-all timings empty:
// hubA two-way, hubB one-way.
var hubIDs = []string{hubTwoWay, hubOneWay}

const (
	hubTwoWay = "hubA"
	hubOneWay = "hubB"
)

// file returns the data set as a fixtures document: the built-in ZEGO and
// TIM apps (same ids, secrets and admin) with the generated graph.
func (s shape) file() fixtures.File {
	defaults := fixtures.FromState(fixtures.Default(), true)
	f := fixtures.File{}
	for _, app := range defaults.Apps {
		app.Users = make([]fixtures.User, 0, s.users+2)
		for i := range s.users {
			app.Users = append(app.Users, fixtures.User{ID: userID(i)})
		}
		if app.Admin != "" {
			app.Users = append(app.Users, fixtures.User{ID: app.Admin})
		}
		app.Friends = make([]fixtures.Friendship, 0, s.edgesPerApp()/2)
		for i := range s.ring {
			for d := 1; d <= s.degree/2; d++ {
				app.Friends = append(app.Friends, fixtures.Friendship{From: userID(i), To: userID((i + d) % s.ring)})
			}
		}
		for _, hub := range hubIDs {
			if s.hub == 0 {
				break
			}
			app.Users = append(app.Users, fixtures.User{ID: hub})
			for i := range s.hub {
				app.Friends = append(app.Friends, fixtures.Friendship{From: hub, To: userID(i)})
			}
		}
		f.Apps = append(f.Apps, app)
	}
	return f
}

// runFixtures writes the data set as a fixtures file for --fixtures.
func runFixtures(args []string, stdout io.Writer) error {
	var (
		s   shape
		out string
	)
	fs := flag.NewFlagSet("fixtures", flag.ContinueOnError)
	s.flags(fs)
	fs.StringVar(&out, "out", "", "fixtures file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	data, err := json.Marshal(s.file())
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, data, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "fixtures: %s, 2 apps × %d edges, %d bytes\n", out, s.edgesPerApp(), len(data))
	return nil
}

// runDB writes the data set into a new SQLite file through internal/store,
// exactly as mockserver --db would keep it.
func runDB(ctx context.Context, args []string, stdout io.Writer) error {
	var (
		s   shape
		out string
	)
	fs := flag.NewFlagSet("db", flag.ContinueOnError)
	s.flags(fs)
	fs.StringVar(&out, "out", "", "database file to create (must not exist)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := s.check(); err != nil {
		return err
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("%s exists", out)
	}
	apps, err := s.file().Validate()
	if err != nil {
		return err
	}
	stopwatch := clock.Stopwatch()
	st, err := store.Open(ctx, out, clock.System())
	if err != nil {
		return err
	}
	if err := st.ReplaceApps(ctx, apps, nil); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return err
	}
	edges := 0
	for _, a := range apps {
		edges += len(a.Friends)
	}
	fmt.Fprintf(stdout, "db: %s, %d edges in %d apps, written in %v\n", out, edges, len(apps), stopwatch())
	return nil
}
