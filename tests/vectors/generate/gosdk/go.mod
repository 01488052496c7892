module meshes-token-vectors/gosdk

go 1.22
