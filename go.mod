module hourglass

go 1.26.0

require (
	github.com/BurntSushi/toml v1.6.0
	golang.org/x/exp v0.0.0-20261014143641-f0251eb4aa3e
	gonum.org/v1/gonum v0.17.0
)
