// Command dashboard-lint checks Grafana dashboard JSON files against Grafana's own dashboard schema,
// as the Grafana Foundation SDK generates it from Grafana's kinds: strict decoding (an unknown field,
// a wrong type or a missing required field fails), the schema's constraints (Validate), and the
// panel options, field config and Prometheus queries of every panel by its plugin type. It also
// checks what the schema cannot: unique panel ids, a grid position and a title on every panel, every
// query on the dashboard's datasource variable. With -exprs it writes every PromQL expression to a
// Prometheus rule file, so `promtool check rules` parses them.
//
//	dashboard-lint [-exprs out.yml] dashboard.json...
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
	"github.com/grafana/grafana-foundation-sdk/go/prometheus"
)

func main() {
	exprsOut := flag.String("exprs", "", "write every panel's PromQL to this Prometheus rule file")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: dashboard-lint [-exprs out.yml] dashboard.json...")
		os.Exit(64)
	}
	plugins.RegisterDefaultPlugins()

	var exprs []string
	failed := false
	for _, path := range flag.Args() {
		found, problems := lint(path)
		for _, problem := range problems {
			fmt.Fprintf(os.Stderr, "%s: %s\n", path, problem)
		}
		failed = failed || len(problems) > 0
		exprs = append(exprs, found...)
	}
	if *exprsOut != "" {
		if err := writeRuleFile(*exprsOut, exprs); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	}
	if failed {
		os.Exit(1)
	}
	fmt.Printf("%d dashboard(s) valid, %d queries\n", flag.NArg(), len(exprs))
}

// lint returns the dashboard's PromQL expressions and everything wrong with it.
func lint(path string) ([]string, []string) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, []string{err.Error()}
	}
	var board dashboard.Dashboard
	if problems := splitErrors(board.UnmarshalJSONStrict(raw)); len(problems) > 0 {
		return nil, problems
	}
	if problems := splitErrors(board.Validate()); len(problems) > 0 {
		return nil, problems
	}
	var problems []string
	if board.Uid == nil || *board.Uid == "" {
		problems = append(problems, "no uid (provisioning and links need a stable one)")
	}
	datasourceVariable := ""
	for _, variable := range board.Templating.List {
		if variable.Type == "datasource" {
			datasourceVariable = "${" + variable.Name + "}"
		}
	}
	if datasourceVariable == "" {
		problems = append(problems, "no datasource variable: queries would be bound to one Prometheus")
	}

	// The SDK decodes panels into PanelOrRowPanel but drops the decoded panel (its strict decoder
	// returns an empty, non-nil error list), so each panel is decoded again on its own here.
	var rawBoard struct {
		Panels []json.RawMessage `json:"panels"`
	}
	if err := json.Unmarshal(raw, &rawBoard); err != nil {
		return nil, []string{err.Error()}
	}
	var exprs []string
	ids := map[uint32]string{}
	for index, rawPanel := range rawBoard.Panels {
		var kind struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(rawPanel, &kind); err != nil || kind.Type == "row" {
			continue
		}
		panel := &dashboard.Panel{}
		where := "panel " + strconv.Itoa(index)
		if decodeProblems := splitErrors(panel.UnmarshalJSONStrict(rawPanel)); len(decodeProblems) > 0 {
			problems = append(problems, decodeProblems...)
			continue
		}
		if panel.Title != nil && *panel.Title != "" {
			where = fmt.Sprintf("panel %q", *panel.Title)
		} else {
			problems = append(problems, where+": no title")
		}
		if panel.Id == nil {
			problems = append(problems, where+": no id")
		} else if other, taken := ids[*panel.Id]; taken {
			problems = append(problems, fmt.Sprintf("%s: id %d already used by %s", where, *panel.Id, other))
		} else {
			ids[*panel.Id] = where
		}
		if panel.GridPos == nil || panel.GridPos.W == 0 || panel.GridPos.H == 0 {
			problems = append(problems, where+": no grid position")
		}
		// Targets are decoded here too, as Prometheus queries (the SDK drops them the same way).
		var rawTargets struct {
			Targets []json.RawMessage `json:"targets"`
		}
		if err := json.Unmarshal(rawPanel, &rawTargets); err != nil || len(rawTargets.Targets) == 0 {
			problems = append(problems, where+": no query")
		}
		for _, rawTarget := range rawTargets.Targets {
			query := &prometheus.Dataquery{}
			if decodeProblems := splitErrors(query.UnmarshalJSONStrict(rawTarget)); len(decodeProblems) > 0 {
				problems = append(problems, decodeProblems...)
				continue
			}
			if query.Expr == "" {
				problems = append(problems, where+": a query without a PromQL expr")
				continue
			}
			if datasourceVariable != "" &&
				(query.Datasource == nil || query.Datasource.Uid == nil || *query.Datasource.Uid != datasourceVariable) {
				problems = append(problems, fmt.Sprintf("%s: query not on datasource %s", where, datasourceVariable))
			}
			exprs = append(exprs, query.Expr)
		}
	}
	return exprs, problems
}

// splitErrors lists the SDK's errors one per line. Its methods return a typed cog.BuildErrors even
// when it is empty (a non-nil error interface holding no error), so emptiness is what counts.
func splitErrors(err error) []string {
	if err == nil {
		return nil
	}
	var buildErrs cog.BuildErrors
	if errors.As(err, &buildErrs) {
		out := make([]string, 0, len(buildErrs))
		for _, each := range buildErrs {
			out = append(out, each.Error())
		}
		return out
	}
	return []string{err.Error()}
}

// writeRuleFile makes a recording rule of each expression, with Grafana's interval variables
// replaced by durations, so `promtool check rules` parses every query.
func writeRuleFile(path string, exprs []string) error {
	replacer := strings.NewReplacer("$__rate_interval", "1m", "$__interval", "1m", "$__range", "1h")
	var body strings.Builder
	body.WriteString("groups:\n  - name: dashboard-queries\n    rules:\n")
	for index, expr := range exprs {
		promql := replacer.Replace(expr)
		// Template variables in label matchers become a plain regex.
		promql = strings.NewReplacer(`"$topic"`, `".*"`, `"$service"`, `".*"`).Replace(promql)
		encoded, _ := json.Marshal(promql)
		fmt.Fprintf(&body, "      - record: dashboard:query_%d\n        expr: %s\n", index, encoded)
	}
	return os.WriteFile(path, []byte(body.String()), 0o644)
}
