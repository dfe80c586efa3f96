package tlsca

// ZegoHosts are ZEGO ZIM's server API hosts: the unified one and the
// regional ones (ZEGO's server API overview).
var ZegoHosts = []string{
	"zim-api.zego.im",
	"zim-api-sha.zego.im",
	"zim-api-hkg.zego.im",
	"zim-api-fra.zego.im",
	"zim-api-lax.zego.im",
	"zim-api-bom.zego.im",
	"zim-api-sgp.zego.im",
}

// TIMHosts are Tencent Cloud IM's REST API hosts: China (and its backup)
// and the regional ones (TIM's REST API overview).
var TIMHosts = []string{
	"console.tim.qq.com",
	"adminapi.my-imcloud.com",
	"adminapisgp.im.qcloud.com",
	"adminapikr.im.qcloud.com",
	"adminapiger.im.qcloud.com",
	"adminapiusa.im.qcloud.com",
	"adminapiidn.im.qcloud.com",
	"adminapiind.im.qcloud.com",
}

// LocalHosts are the loopback names, for clients that call imemu directly.
var LocalHosts = []string{"localhost", "127.0.0.1", "::1"}

// DefaultNames returns every name the server certificate holds before any
// given with --tls-names: the vendors' hosts, then the loopback names.
func DefaultNames() []string {
	var out []string
	out = append(out, ZegoHosts...)
	out = append(out, TIMHosts...)
	return append(out, LocalHosts...)
}
