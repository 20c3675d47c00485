// SPDX-License-Identifier: Apache-2.0
// Copyright (c) 2026 the Volley authors

import Testing
import VolleyConfig

/// The expression language, exercised through `derived` values as a config uses it.
@Suite struct ExpressionTests {
    private static let parameters = """
        parameters:
          J: 0.1
          g: 5.0
          background: poisson
          flag: true

        """

    /// The value of `expression` evaluated as a derived value next to `parameters`.
    private func eval(_ expression: String) throws -> ConfigValue {
        let yaml = Self.parameters + "derived:\n  x: \"\(expression)\"\n" + TestModels.minimal
        let config = try ConfigLoader.load(yaml: yaml, name: "expr")
        return try #require(config.derived.first { $0.name == "x" }?.value)
    }

    private func number(_ expression: String) throws -> Double {
        guard case .number(let x) = try eval(expression) else {
            Issue.record("'\(expression)' is not a number")
            return .nan
        }
        return x
    }

    private func failure(_ expression: String) throws -> ConfigError {
        let yaml = Self.parameters + "derived:\n  x: \"\(expression)\"\n" + TestModels.minimal
        let e = try #require(TestModels.error(yaml))
        #expect(e.path == "derived.x")
        return e
    }

    @Test(arguments: [
        ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9.0), ("10 - 4 - 3", 3.0), ("8 / 4 / 2", 1.0),
        ("-2^2", -4.0), ("-2**2", -4.0), ("2^3^2", 512.0), ("2 ** -1", 0.5), ("(-2)^2", 4.0),
        ("2 * -3", -6.0), ("+3", 3.0), ("1e-3 * 1000", 1.0), (".5 + 1.", 1.5), ("-g * J", -0.5),
    ])
    func precedenceFollowsPython(expression: String, expected: Double) throws {
        #expect(try number(expression) == expected)
    }

    @Test(arguments: [
        ("sqrt(16)", 4.0), ("exp(0)", 1.0), ("log(1)", 0.0), ("log10(1000)", 3.0), ("abs(-2)", 2.0),
        ("floor(-1.5)", -2.0), ("ceil(1.2)", 2.0), ("min(3, 1, 2)", 1.0), ("max(3, 1, 2)", 3.0),
        ("pow(2, 10)", 1024.0), ("min(inf, 5)", 5.0),
    ])
    func functions(expression: String, expected: Double) throws {
        #expect(try number(expression) == expected)
    }

    @Test func roundHalvesToEvenLikeNumpy() throws {
        #expect(try number("round(0.5)") == 0)
        #expect(try number("round(1.5)") == 2)
        #expect(try number("round(2.5)") == 2)
        #expect(try number("round(-1.5)") == -2)
        #expect(try number("round(2.6)") == 3)
    }

    @Test func intTruncatesTowardZeroLikePython() throws {
        #expect(try number("int(2.7)") == 2)
        #expect(try number("int(-2.7)") == -2)
        #expect(try number("int(0.1 * 200)") == 20)
        #expect(try failure("int(inf)").message.contains("finite"))
    }

    @Test func ifEvaluatesOnlyTheChosenBranch() throws {
        #expect(try number("if(true, 1, 1 / 0)") == 1)
        #expect(try eval("if(J > 0, 'positive', no_such_name)") == .string("positive"))
        #expect(try number("if(flag and not false, 2, sqrt(-1))") == 2)
        #expect(try failure("if(false, 1, 1 / 0)").message.contains("division by zero"))
        #expect(try failure("if(1, 2, 3)").message.contains("needs true or false"))
    }

    @Test func stringsCompareWithEquality() throws {
        #expect(try number("if(background == 'dc', 1.0, 0.0)") == 0)
        #expect(try eval("background != 'dc'") == .bool(true))
        #expect(try eval("background == 'poisson' or J > 1") == .bool(true))
        let mixed = try failure("background == 1")
        #expect(mixed.message.contains("cannot compare 'background' (the string 'poisson') with the number 1"))
    }

    @Test func comparisonsAndLogic() throws {
        #expect(try eval("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3") == .bool(true))
        #expect(try eval("not (1 == 1)") == .bool(false))
        #expect(try eval("false or 1 != 1") == .bool(false))
    }

    @Test func derivedValuesEvaluateInDependencyOrder() throws {
        let config = try ConfigLoader.load(yaml: TestModels.minimal + "derived:\n  a: b + c\n  b: 2 * c\n  c: 3\n", name: "order")
        #expect(config.derived.map(\.name) == ["a", "b", "c"])
        #expect(config.derived.map(\.value) == [.number(9), .number(6), .number(3)])
    }

    @Test func errorsNameTheProblem() throws {
        #expect(try failure("J * background").message.contains("'background' is the string 'poisson'"))
        #expect(try failure("sqrt(-1)").message.contains("no real value"))
        #expect(try failure("sqr(2)").message.contains("did you mean 'sqrt'?"))
        #expect(try failure("2 * (3 +").message.contains("at column 9"))
        #expect(try failure("1 < 2 < 3").message.contains("chained comparisons"))
        #expect(try failure("pow(2)").message.contains("2 arguments"))
        #expect(try failure("gg * 2").message.contains("unknown name 'gg' in 'gg * 2' (did you mean 'g'?)"))
        #expect(try failure("zzz + 1").message.contains("known names: J, g, background, flag"))
        #expect(try failure("J = 1").message.contains("'=='"))
        #expect(try failure(String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)).message.contains("too deeply"))
        #expect(try failure(String(repeating: "-", count: 500) + "1").message.contains("too deeply"))
    }

    @Test func nonFiniteResultsFailWhereANumberIsNeeded() throws {
        let e = try #require(TestModels.error("parameters: {big: 1e308}\npopulations:\n  E: {model: iaf_psc_delta, n: 1, params: {C_m: big * 10}}\n"))
        #expect(e.path == "populations.E.params.C_m" && e.message.contains("must be finite"))
    }
}
