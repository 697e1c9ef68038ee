package io.strata.template;

import com.hubspot.jinjava.el.ExtendedSyntaxBuilder;
import com.hubspot.jinjava.el.TruthyTypeConverter;
import com.hubspot.jinjava.el.ext.ExtendedParser;
import com.hubspot.jinjava.el.ext.AdditionOperator;
import com.hubspot.jinjava.el.ext.AstTuple;
import com.hubspot.jinjava.el.ext.StringConcatOperator;
import com.hubspot.jinjava.objects.collections.PyList;
import jinjava.de.odysseus.el.ExpressionFactoryImpl;
import jinjava.de.odysseus.el.misc.TypeConverter;
import jinjava.de.odysseus.el.tree.Bindings;
import jinjava.de.odysseus.el.tree.TreeBuilder;
import jinjava.de.odysseus.el.tree.impl.Builder;
import jinjava.de.odysseus.el.tree.impl.Parser;
import jinjava.de.odysseus.el.tree.impl.Scanner;
import jinjava.de.odysseus.el.tree.impl.ast.AstBinary;
import jinjava.de.odysseus.el.tree.impl.ast.AstChoice;
import jinjava.de.odysseus.el.tree.impl.ast.AstIdentifier;
import jinjava.de.odysseus.el.tree.impl.ast.AstLiteral;
import jinjava.de.odysseus.el.tree.impl.ast.AstMethod;
import jinjava.de.odysseus.el.tree.impl.ast.AstNode;
import jinjava.de.odysseus.el.tree.impl.ast.AstNull;
import jinjava.de.odysseus.el.tree.impl.ast.AstParameters;
import jinjava.de.odysseus.el.tree.impl.ast.AstProperty;
import jinjava.de.odysseus.el.tree.impl.ast.AstRightValue;
import jinjava.de.odysseus.el.tree.impl.ast.AstString;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELException;
import jinjava.javax.el.ExpressionFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Jinjava's expression parser, reading what Jinjava reads otherwise as Jinja2 does: {@code none} and {@code None}
 * are the literal None (Jinjava reads them as variables); {@code x if c} without {@code else} is undefined when
 * {@code c} is false (Jinjava gives null, which strict mode rejects); {@code ~} joins values as Python's
 * {@code str()} spells them ({@code None}, {@code True}); tuples stay tuples and may end with a comma; an unknown
 * filter or test is an error; {@code defined}, {@code undefined} and {@code default} tell an undefined name from
 * None ({@link Definedness}).
 */
final class Jinja2Expressions extends ExtendedSyntaxBuilder {
    private static final Set<String> NONE = Set.of("none", "None");
    /** The tests and filters that take an undefined operand as undefined, not as None (and not as an error). */
    private static final Set<String> READ_DEFINEDNESS = Set.of(ExtendedParser.EXPTEST_PREFIX + "defined",
            ExtendedParser.EXPTEST_PREFIX + "undefined", ExtendedParser.EXPTEST_PREFIX + "none",
            ExtendedParser.FILTER_PREFIX + "default", ExtendedParser.FILTER_PREFIX + "d");
    private static final Parser.ExtensionHandler CONCATENATION = new Parser.ExtensionHandler(Parser.ExtensionPoint.ADD) {
        @Override
        public AstNode createAstNode(AstNode... children) {
            // An undefined operand joins as nothing, as Jinja2's undefined does.
            return new AstBinary(new DefinednessProbe(children[0]), new DefinednessProbe(children[1]), Concatenation.OPERATOR);
        }
    };

    Jinja2Expressions(Builder.Feature... features) {
        super(features);
    }

    /** The expression factory Jinjava builds, with this parser and JUEL's cache of parsed expressions. */
    static ExpressionFactory factory() {
        return new ExpressionFactoryImpl(new Properties(), new TruthyTypeConverter()) {
            @Override
            protected TreeBuilder createTreeBuilder(Properties given, Builder.Feature... features) {
                return new Jinja2Expressions(features);
            }
        };
    }

    @Override
    protected Parser createParser(String expression) {
        return new Jinja2Parser(this, expression);
    }

    private static final class Jinja2Parser extends ExtendedParser {
        Jinja2Parser(Builder builder, String input) {
            super(builder, input);
            putExtensionHandler(StringConcatOperator.TOKEN, CONCATENATION);
        }

        @Override
        protected AstNode nonliteral() throws Scanner.ScanException, ParseException {
            Scanner.Token token = getToken();
            if (token.getSymbol() == Scanner.Symbol.IDENTIFIER && NONE.contains(token.getImage())
                    && lookahead(0).getSymbol() != Scanner.Symbol.LPAREN) {
                consumeToken();
                return new NoneLiteral();
            }
            return super.nonliteral();
        }

        /** {@code +} and {@code -} also add and subtract dates and timedeltas. */
        @Override
        protected AstBinary createAstBinary(AstNode left, AstNode right, AstBinary.Operator operator) {
            if (operator == AdditionOperator.OP || operator == AstBinary.SUB) {
                return super.createAstBinary(left, right, new DateArithmetic(operator, operator == AdditionOperator.OP));
            }
            return super.createAstBinary(left, right, operator);
        }

        /** Jinjava reads a filter or test as a variable that is null when there is none of that name, silently. */
        @Override
        protected AstIdentifier createAstIdentifier(String name, int index) {
            if (name.startsWith(ExtendedParser.FILTER_PREFIX) || name.startsWith(ExtendedParser.EXPTEST_PREFIX)) {
                return new LibraryName(name, index, context.isEnabled(Builder.Feature.IGNORE_RETURN_TYPE));
            }
            return super.createAstIdentifier(name, index);
        }

        /** A list of items in brackets, a comma after the last allowed as in Python: {@code (1,)}, {@code [a, b,]}. */
        @Override
        protected AstParameters params(Scanner.Symbol left, Scanner.Symbol right) throws Scanner.ScanException, ParseException {
            consumeToken(left);
            List<AstNode> items = new ArrayList<>();
            for (AstNode item = expr(false); item != null; item = expr(false)) {
                items.add(item);
                if (getToken().getSymbol() != Scanner.Symbol.COMMA) {
                    break;
                }
                consumeToken();
            }
            consumeToken(right);
            return createAstParameters(items);
        }

        /** The operand of {@code defined}, {@code undefined}, {@code none} and {@code default} tells an undefined read from None. */
        @Override
        protected AstMethod createAstMethod(AstProperty property, AstParameters parameters) {
            if (property.getChild(0) instanceof LibraryName name && READ_DEFINEDNESS.contains(name.getName()) && parameters.getCardinality() > 0) {
                List<AstNode> operands = new ArrayList<>();
                operands.add(new DefinednessProbe(parameters.getChild(0)));
                for (int i = 1; i < parameters.getCardinality(); i++) {
                    operands.add(parameters.getChild(i));
                }
                parameters = createAstParameters(operands);
            }
            return super.createAstMethod(property, parameters);
        }

        /** Jinjava makes a tuple a list; Jinja2 prints it as one: {@code (1, 2)}. */
        @Override
        protected AstTuple createAstTuple(AstParameters parameters) {
            return new AstTuple(parameters) {
                @Override
                public Object eval(Bindings bindings, ELContext context) {
                    return new PythonTuple(((PyList) super.eval(bindings, context)).toList());
                }
            };
        }

        /** Jinjava gives {@code x if c} (no else) a null else-branch; Jinja2's undefined prints as the empty text. */
        @Override
        protected AstChoice createAstChoice(AstNode question, AstNode yes, AstNode no) {
            return super.createAstChoice(question, yes, no instanceof AstNull ? new AstString(Definedness.UNDEFINED) : no);
        }
    }

    /** A filter's or test's name, which fails as Jinja2 does when no filter or test has it. */
    private static final class LibraryName extends AstIdentifier {
        LibraryName(String name, int index, boolean ignoreReturnType) {
            super(name, index, ignoreReturnType);
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            Object found = super.eval(bindings, context);
            if (found == null) {
                String name = getName();
                throw new ELException(name.startsWith(ExtendedParser.FILTER_PREFIX)
                        ? "No filter named '" + name.substring(ExtendedParser.FILTER_PREFIX.length()) + "'."
                        : "No test named '" + name.substring(ExtendedParser.EXPTEST_PREFIX.length()) + "'.");
            }
            return found;
        }
    }

    /**
     * An operand whose value is {@link Definedness#MISSING} when it is null because it read an undefined name; the
     * test, filter or operator it feeds handles that, so strict mode does not count the read.
     */
    private static final class DefinednessProbe extends AstRightValue {
        private final AstNode operand;

        DefinednessProbe(AstNode operand) {
            this.operand = operand;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            int before = Jinja2Interpreter.undefinedReadsSoFar();
            Object value = operand.eval(bindings, context);
            if (value == null && Jinja2Interpreter.undefinedReadsSoFar() > before) {
                Jinja2Interpreter.handledUndefinedReads(before);
                return Definedness.MISSING;
            }
            return value;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            operand.appendStructure(builder, bindings);
        }

        @Override
        public int getCardinality() {
            return 1;
        }

        @Override
        public AstNode getChild(int index) {
            return index == 0 ? operand : null;
        }
    }

    /** {@code a + b} or {@code a - b}: Python's date arithmetic ({@link PythonDates#arithmetic}) when an operand is a date, else Jinjava's. */
    private record DateArithmetic(AstBinary.Operator jinjava, boolean addition) implements AstBinary.Operator {
        @Override
        public Object eval(Bindings bindings, ELContext context, AstNode left, AstNode right) {
            Object leftValue = left.eval(bindings, context);
            Object rightValue = right.eval(bindings, context);
            Object result = PythonDates.arithmetic(addition, leftValue, rightValue);
            if (result != PythonDates.NOT_DATES) {
                return result;
            }
            // Each operand is evaluated once: Jinjava's operator gets their values.
            return jinjava.eval(bindings, context, new Evaluated(leftValue, left), new Evaluated(rightValue, right));
        }

        @Override
        public String toString() {
            return jinjava.toString();
        }
    }

    /** An operand already evaluated. */
    private static final class Evaluated extends AstRightValue {
        private final Object value;
        private final AstNode operand;

        Evaluated(Object value, AstNode operand) {
            this.value = value;
            this.operand = operand;
        }

        @Override
        public Object eval(Bindings bindings, ELContext context) {
            return value;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            operand.appendStructure(builder, bindings);
        }

        @Override
        public int getCardinality() {
            return 0;
        }

        @Override
        public AstNode getChild(int index) {
            return null;
        }
    }

    /** {@code none} / {@code None}. */
    private static final class NoneLiteral extends AstLiteral {
        @Override
        public Object eval(Bindings bindings, ELContext context) {
            return null;
        }

        @Override
        public void appendStructure(StringBuilder builder, Bindings bindings) {
            builder.append("None");
        }

        @Override
        public String toString() {
            return "None";
        }
    }

    /** {@code a ~ b}: both sides as Python's {@code str()}. */
    private static final class Concatenation extends AstBinary.SimpleOperator {
        static final Concatenation OPERATOR = new Concatenation();

        @Override
        protected Object apply(TypeConverter converter, Object left, Object right) {
            return PythonText.str(left, value -> converter.convert(value, String.class))
                    + PythonText.str(right, value -> converter.convert(value, String.class));
        }

        @Override
        public String toString() {
            return "~";
        }
    }
}
