module github.com/mesheshq/meshes-token/bindings/go/bench

go 1.25

require (
	github.com/cristalhq/jwt/v4 v4.0.2
	github.com/golang-jwt/jwt/v5 v5.3.1
	github.com/kataras/jwt v0.1.12
	github.com/mesheshq/meshes-token/bindings/go v0.0.0
)

replace github.com/mesheshq/meshes-token/bindings/go => ../
