module github.com/stepd/stepd

go 1.26.0

require (
	github.com/go-json-experiment/json v1.27.2
	github.com/google/go-cmp v0.7.0
)

require gopkg.in/yaml.v3 v3.0.1 // indirect
