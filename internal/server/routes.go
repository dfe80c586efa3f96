package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/imemu/imemu"
	"github.com/imemu/imemu/internal/reqquery"
	"github.com/imemu/imemu/internal/timapi"
	"github.com/imemu/imemu/internal/ui"
	"github.com/imemu/imemu/internal/zegoapi"
)

// routes lists every route imemu serves.
func (s *server) routes(r chi.Router) {
	r.Use(s.ids.Middleware, reqquery.Middleware, s.accessLog)

	// Control plane: JSON, never a vendor envelope.
	r.Route("/_mock", func(r chi.Router) {
		r.Use(recoverJSON(s.log), s.guardBrowsers, requireJSON, s.capBody)
		r.Get("/health", s.handleHealth())
		r.Get("/openapi.json", s.handleOpenAPI())
		r.Get("/tls/ca.pem", s.handleCACert()) // public: a certificate, no token
		r.Mount("/ui", ui.Handler())           // static dashboard, no token: its own calls send one
		r.Group(func(r chi.Router) {
			r.Use(s.requireControlToken)
			// Waits that end when their client goes.
			r.Get("/events", s.handleEvents()) // a long-poll with ?wait=
			r.Get("/events/stream", s.handleEventsStream())
			r.Get("/journal/stream", s.handleJournalStream())

			r.Group(func(r chi.Router) {
				r.Use(detach)
				r.Post("/reset", s.handleReset())

				r.Get("/apps", s.handleListApps())
				r.Post("/apps", s.handleCreateApp())
				r.Get("/apps/{vendor}/{id}", s.handleGetApp())
				r.Delete("/apps/{vendor}/{id}", s.handleDeleteApp())

				r.Get("/state", s.handleGetState())
				r.Put("/state", s.handlePutState())
				r.Get("/snapshots", s.handleListSnapshots())
				r.Post("/snapshots", s.handleCreateSnapshot())
				r.Post("/snapshots/{name}/restore", s.handleRestoreSnapshot())
				r.Delete("/snapshots/{name}", s.handleDeleteSnapshot())

				r.Get("/journal", s.handleJournal())
				r.Delete("/journal", s.handleClearJournal())
				r.Delete("/events", s.handleClearEvents())

				r.Get("/faults", s.handleListFaults())
				r.Post("/faults", s.handleAddFault())
				r.Delete("/faults", s.handleClearFaults())
				r.Delete("/faults/{id}", s.handleDeleteFault())

				r.Get("/clock", s.handleClock())
				r.Post("/clock", s.handleSetClock())

				r.Post("/sign", s.handleSign())
			})
		})
		r.NotFound(controlNotFound())
		r.MethodNotAllowed(controlMethodNotAllowed())
	})

	// TIM: POST /v4/<service>/<command>.
	r.Route("/v4", func(r chi.Router) {
		// The journal sits outside Recover to record the answer to a panic.
		r.Use(s.capBody, s.recordRequests(imemu.VendorTIM), timapi.Recover(s.log), s.injectFaults(imemu.VendorTIM))
		r.Method(http.MethodPost, "/im_open_login_svc/account_import", timapi.AccountImport(s.tim))
		r.Method(http.MethodPost, "/im_open_login_svc/multiaccount_import", timapi.MultiAccountImport(s.tim))
		r.Method(http.MethodPost, "/im_open_login_svc/account_check", timapi.AccountCheck(s.tim))
		r.Method(http.MethodPost, "/im_open_login_svc/account_delete", timapi.AccountDelete(s.tim))
		r.Method(http.MethodPost, "/sns/friend_add", timapi.FriendAdd(s.tim))
		r.Method(http.MethodPost, "/sns/friend_import", timapi.FriendImport(s.tim))
		r.Method(http.MethodPost, "/sns/friend_delete", timapi.FriendDelete(s.tim))
		r.Method(http.MethodPost, "/sns/friend_delete_all", timapi.FriendDeleteAll(s.tim))
		r.Method(http.MethodPost, "/sns/friend_check", timapi.FriendCheck(s.tim))
		r.Method(http.MethodPost, "/sns/friend_get", timapi.FriendGet(s.tim))
		r.Method(http.MethodPost, "/sns/friend_get_list", timapi.FriendGetList(s.tim))
		r.Method(http.MethodPost, "/sns/friend_update", timapi.FriendUpdate(s.tim))
		r.Method(http.MethodPost, "/sns/black_list_add", timapi.BlackListAdd(s.tim))
		r.Method(http.MethodPost, "/sns/black_list_delete", timapi.BlackListDelete(s.tim))
		r.Method(http.MethodPost, "/sns/black_list_get", timapi.BlackListGet(s.tim))
		r.Method(http.MethodPost, "/sns/black_list_check", timapi.BlackListCheck(s.tim))
		r.Method(http.MethodPost, "/sns/group_add", timapi.GroupAdd(s.tim))
		r.Method(http.MethodPost, "/sns/group_delete", timapi.GroupDelete(s.tim))
		r.Method(http.MethodPost, "/sns/group_get", timapi.GroupGet(s.tim))
		r.Method(http.MethodPost, "/profile/portrait_set", timapi.PortraitSet(s.tim))
		r.Method(http.MethodPost, "/profile/portrait_get", timapi.PortraitGet(s.tim))
		r.NotFound(timapi.UnknownPath(s.log).ServeHTTP)
		r.MethodNotAllowed(timapi.WrongMethod(s.log).ServeHTTP)
	})

	// ZEGO: every other path, dispatched by ?Action= (ZEGO's gateway
	// ignores the path).
	zego := chi.Chain(s.capBody, s.recordRequests(imemu.VendorZego), zegoapi.Recover(s.log), s.injectFaults(imemu.VendorZego)).Handler(zegoapi.Gateway(s.zego, map[string]http.Handler{
		"UserRegister":         zegoapi.UserRegister(s.zego),
		"AddFriends":           zegoapi.AddFriends(s.zego),
		"DeleteFriends":        zegoapi.DeleteFriends(s.zego),
		"DeleteAllFriends":     zegoapi.DeleteAllFriends(s.zego),
		"QueryFriendList":      zegoapi.QueryFriendList(s.zego),
		"CheckFriendsRelation": zegoapi.CheckFriendsRelation(s.zego),

		"AddUsersToBlacklist":      zegoapi.AddUsersToBlacklist(s.zego),
		"RemoveUsersFromBlacklist": zegoapi.RemoveUsersFromBlacklist(s.zego),
		"QueryBlacklist":           zegoapi.QueryBlacklist(s.zego),
		"CheckUsersIsInBlacklist":  zegoapi.CheckUsersIsInBlacklist(s.zego),
		"UpdateFriendsAlias":       zegoapi.UpdateFriendsAlias(s.zego),
		"UpdateFriendAttributes":   zegoapi.UpdateFriendAttributes(s.zego),
		"SendFriendApplication":    zegoapi.SendFriendApplication(s.zego),
		"QueryUserInfos":           zegoapi.QueryUserInfos(s.zego),
		"ModifyUserInfo":           zegoapi.ModifyUserInfo(s.zego),
	}))
	r.Handle("/", zego)
	r.NotFound(zego.ServeHTTP)
	r.MethodNotAllowed(zego.ServeHTTP)
}
