/**
 * The part of the TypeScript API the analyzer uses, as one plain object. Why: `typescript`'s module object
 * holds ~2,000 exports as getters, so V8 keeps it in dictionary mode and each `ts.isCallExpression(node)` on it is
 * a hash lookup plus a getter call. Rules make hundreds of thousands of such calls per analysis; measured on a
 * 3,000-line file in the bundled server, reaching the API through this object instead cut the rules' time by about
 * 40 %. (Run from source under tsx, module exports are getters anyway and the gain does not show.) Behaviour is the
 * same: every member is the very function or enum of `typescript`.
 *
 * Analyzer code imports `ts from './ts-api.ts'` (values and types, like `import ts from 'typescript'`). A member
 * missing here is a type error, not a silent slowdown: add values to the object, types to the namespace.
 */
import typescript from 'typescript';

const ts = {
  IndexKind: typescript.IndexKind,
  NodeFlags: typescript.NodeFlags,
  ScriptKind: typescript.ScriptKind,
  ScriptTarget: typescript.ScriptTarget,
  SymbolFlags: typescript.SymbolFlags,
  SyntaxKind: typescript.SyntaxKind,
  TypeFlags: typescript.TypeFlags,
  createSourceFile: typescript.createSourceFile,
  findAncestor: typescript.findAncestor,
  forEachChild: typescript.forEachChild,
  getLeadingCommentRanges: typescript.getLeadingCommentRanges,
  getTrailingCommentRanges: typescript.getTrailingCommentRanges,
  isArrayLiteralExpression: typescript.isArrayLiteralExpression,
  isArrayTypeNode: typescript.isArrayTypeNode,
  isArrowFunction: typescript.isArrowFunction,
  isAsExpression: typescript.isAsExpression,
  isAwaitExpression: typescript.isAwaitExpression,
  isBigIntLiteral: typescript.isBigIntLiteral,
  isBinaryExpression: typescript.isBinaryExpression,
  isBindingElement: typescript.isBindingElement,
  isBlock: typescript.isBlock,
  isBreakOrContinueStatement: typescript.isBreakOrContinueStatement,
  isBreakStatement: typescript.isBreakStatement,
  isCallExpression: typescript.isCallExpression,
  isCaseClause: typescript.isCaseClause,
  isClassDeclaration: typescript.isClassDeclaration,
  isClassExpression: typescript.isClassExpression,
  isClassLike: typescript.isClassLike,
  isComputedPropertyName: typescript.isComputedPropertyName,
  isConditionalExpression: typescript.isConditionalExpression,
  isConstructorDeclaration: typescript.isConstructorDeclaration,
  isContinueStatement: typescript.isContinueStatement,
  isDefaultClause: typescript.isDefaultClause,
  isDeleteExpression: typescript.isDeleteExpression,
  isDoStatement: typescript.isDoStatement,
  isElementAccessExpression: typescript.isElementAccessExpression,
  isEnumMember: typescript.isEnumMember,
  isExportAssignment: typescript.isExportAssignment,
  isExportSpecifier: typescript.isExportSpecifier,
  isExpression: typescript.isExpression,
  isExpressionStatement: typescript.isExpressionStatement,
  isForInStatement: typescript.isForInStatement,
  isForOfStatement: typescript.isForOfStatement,
  isForStatement: typescript.isForStatement,
  isFunctionDeclaration: typescript.isFunctionDeclaration,
  isFunctionExpression: typescript.isFunctionExpression,
  isFunctionLike: typescript.isFunctionLike,
  isGetAccessor: typescript.isGetAccessor,
  isIdentifier: typescript.isIdentifier,
  isIfStatement: typescript.isIfStatement,
  isImportDeclaration: typescript.isImportDeclaration,
  isImportSpecifier: typescript.isImportSpecifier,
  isIterationStatement: typescript.isIterationStatement,
  isJsxAttribute: typescript.isJsxAttribute,
  isJsxText: typescript.isJsxText,
  isLabeledStatement: typescript.isLabeledStatement,
  isLiteralExpression: typescript.isLiteralExpression,
  isLiteralTypeNode: typescript.isLiteralTypeNode,
  isMetaProperty: typescript.isMetaProperty,
  isMethodDeclaration: typescript.isMethodDeclaration,
  isModuleBlock: typescript.isModuleBlock,
  isModuleDeclaration: typescript.isModuleDeclaration,
  isNewExpression: typescript.isNewExpression,
  isNoSubstitutionTemplateLiteral: typescript.isNoSubstitutionTemplateLiteral,
  isNonNullExpression: typescript.isNonNullExpression,
  isNumericLiteral: typescript.isNumericLiteral,
  isObjectLiteralExpression: typescript.isObjectLiteralExpression,
  isOmittedExpression: typescript.isOmittedExpression,
  isOptionalChain: typescript.isOptionalChain,
  isParameter: typescript.isParameter,
  isParenthesizedExpression: typescript.isParenthesizedExpression,
  isParenthesizedTypeNode: typescript.isParenthesizedTypeNode,
  isPostfixUnaryExpression: typescript.isPostfixUnaryExpression,
  isPrefixUnaryExpression: typescript.isPrefixUnaryExpression,
  isPrivateIdentifier: typescript.isPrivateIdentifier,
  isPropertyAccessExpression: typescript.isPropertyAccessExpression,
  isPropertyAssignment: typescript.isPropertyAssignment,
  isPropertyDeclaration: typescript.isPropertyDeclaration,
  isPropertySignature: typescript.isPropertySignature,
  isQualifiedName: typescript.isQualifiedName,
  isReturnStatement: typescript.isReturnStatement,
  isSatisfiesExpression: typescript.isSatisfiesExpression,
  isSetAccessor: typescript.isSetAccessor,
  isShorthandPropertyAssignment: typescript.isShorthandPropertyAssignment,
  isSourceFile: typescript.isSourceFile,
  isSpreadAssignment: typescript.isSpreadAssignment,
  isSpreadElement: typescript.isSpreadElement,
  isStringLiteral: typescript.isStringLiteral,
  isStringLiteralLike: typescript.isStringLiteralLike,
  isSwitchStatement: typescript.isSwitchStatement,
  isTaggedTemplateExpression: typescript.isTaggedTemplateExpression,
  isTemplateExpression: typescript.isTemplateExpression,
  isTemplateLiteralToken: typescript.isTemplateLiteralToken,
  isTemplateSpan: typescript.isTemplateSpan,
  isThrowStatement: typescript.isThrowStatement,
  isTupleTypeNode: typescript.isTupleTypeNode,
  isTypeAssertionExpression: typescript.isTypeAssertionExpression,
  isTypeOfExpression: typescript.isTypeOfExpression,
  isTypeOperatorNode: typescript.isTypeOperatorNode,
  isTypeQueryNode: typescript.isTypeQueryNode,
  isTypeReferenceNode: typescript.isTypeReferenceNode,
  isVariableDeclaration: typescript.isVariableDeclaration,
  isVariableDeclarationList: typescript.isVariableDeclarationList,
  isVariableStatement: typescript.isVariableStatement,
  isWhileStatement: typescript.isWhileStatement,
  isYieldExpression: typescript.isYieldExpression,
};

declare namespace ts {
  export type ArrayLiteralExpression = typescript.ArrayLiteralExpression;
  export type ArrowFunction = typescript.ArrowFunction;
  export type AwaitExpression = typescript.AwaitExpression;
  export type BinaryExpression = typescript.BinaryExpression;
  export type BindingName = typescript.BindingName;
  export type Block = typescript.Block;
  export type CallExpression = typescript.CallExpression;
  export type ClassDeclaration = typescript.ClassDeclaration;
  export type ClassLikeDeclaration = typescript.ClassLikeDeclaration;
  export type CommentRange = typescript.CommentRange;
  export type ConciseBody = typescript.ConciseBody;
  export type ElementAccessExpression = typescript.ElementAccessExpression;
  export type Expression = typescript.Expression;
  export type ExpressionStatement = typescript.ExpressionStatement;
  export type ForOfStatement = typescript.ForOfStatement;
  export type ForStatement = typescript.ForStatement;
  export type FunctionDeclaration = typescript.FunctionDeclaration;
  export type FunctionExpression = typescript.FunctionExpression;
  export type FunctionLikeDeclaration = typescript.FunctionLikeDeclaration;
  export type Identifier = typescript.Identifier;
  export type IndexKind = typescript.IndexKind;
  export type IterationStatement = typescript.IterationStatement;
  export type MethodDeclaration = typescript.MethodDeclaration;
  export type NewExpression = typescript.NewExpression;
  export type Node = typescript.Node;
  export type NodeArray<T extends typescript.Node> = typescript.NodeArray<T>;
  export type NodeFlags = typescript.NodeFlags;
  export type NumericLiteral = typescript.NumericLiteral;
  export type ObjectLiteralElementLike = typescript.ObjectLiteralElementLike;
  export type ObjectLiteralExpression = typescript.ObjectLiteralExpression;
  export type ParameterDeclaration = typescript.ParameterDeclaration;
  export type PropertyAccessExpression = typescript.PropertyAccessExpression;
  export type PropertyDeclaration = typescript.PropertyDeclaration;
  export type PropertyName = typescript.PropertyName;
  export type ReturnStatement = typescript.ReturnStatement;
  export type ScriptKind = typescript.ScriptKind;
  export type ScriptTarget = typescript.ScriptTarget;
  export type SourceFile = typescript.SourceFile;
  export type SpreadAssignment = typescript.SpreadAssignment;
  export type SpreadElement = typescript.SpreadElement;
  export type Statement = typescript.Statement;
  export type SymbolFlags = typescript.SymbolFlags;
  export type Symbol = typescript.Symbol;
  export type SyntaxKind = typescript.SyntaxKind;
  export type TaggedTemplateExpression = typescript.TaggedTemplateExpression;
  export type TemplateLiteral = typescript.TemplateLiteral;
  export type TupleTypeReference = typescript.TupleTypeReference;
  export type Type = typescript.Type;
  export type TypeChecker = typescript.TypeChecker;
  export type TypeFlags = typescript.TypeFlags;
  export type TypeNode = typescript.TypeNode;
  export type TypeReference = typescript.TypeReference;
  export type VariableDeclaration = typescript.VariableDeclaration;
  export type VariableDeclarationList = typescript.VariableDeclarationList;
}

export default ts;
