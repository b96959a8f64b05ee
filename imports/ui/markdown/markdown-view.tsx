// biome-ignore-all lint/suspicious/noArrayIndexKey: the elements are derived from one text in order; a position is their identity
import { Fragment, memo, useMemo, type ReactNode } from 'react';
import { EmojiText, MAY_HOLD_CUSTOM_EMOJI } from '/imports/ui/emoji/emoji-text';
import { parseMarkdown, type MarkdownBlock, type MarkdownInline } from './parse-markdown';

export interface MarkdownViewProps {
  readonly source: string;
  /** Lower-cased usernames that count as "me", so mentions of the reader stand out. */
  readonly selfNames?: readonly string[];
}

/**
 * Renders the chat Markdown subset as React elements only: text stays text, so a message can
 * never inject markup, scripts or attributes.
 */
export const MarkdownView = memo(function MarkdownView({ source, selfNames = [] }: MarkdownViewProps) {
  const blocks = useMemo(() => parseMarkdown(source), [source]);
  return <div className="md">{renderBlocks(blocks, selfNames)}</div>;
});

function renderBlocks(blocks: readonly MarkdownBlock[], selfNames: readonly string[]): ReactNode[] {
  return blocks.map((block, i) => {
    switch (block.type) {
      case 'paragraph':
        return <p key={i}>{renderInline(block.children, selfNames)}</p>;
      case 'code':
        return (
          <pre key={i} className="md-codeblock" data-lang={block.lang ?? undefined}>
            <code>{block.text}</code>
          </pre>
        );
      case 'quote':
        return <blockquote key={i}>{renderBlocks(block.children, selfNames)}</blockquote>;
      default:
        return assertNever(block);
    }
  });
}

function renderInline(nodes: readonly MarkdownInline[], selfNames: readonly string[]): ReactNode[] {
  return nodes.map((node, i) => {
    switch (node.type) {
      case 'text':
        return MAY_HOLD_CUSTOM_EMOJI.test(node.text) ? <EmojiText key={i} text={node.text} /> : <Fragment key={i}>{node.text}</Fragment>;
      case 'strong':
        return <strong key={i}>{renderInline(node.children, selfNames)}</strong>;
      case 'em':
        return <em key={i}>{renderInline(node.children, selfNames)}</em>;
      case 'strike':
        return <s key={i}>{renderInline(node.children, selfNames)}</s>;
      case 'code':
        return (
          <code key={i} className="md-code">
            {node.text}
          </code>
        );
      case 'link':
        return (
          <a key={i} href={node.href} target="_blank" rel="noopener noreferrer nofollow">
            {renderInline(node.children, selfNames)}
          </a>
        );
      case 'mention': {
        const self = selfNames.includes(node.username.toLowerCase()) || ['here', 'channel', 'all'].includes(node.username);
        return (
          <span key={i} className={self ? 'mention mention-self' : 'mention'}>
            @{node.username}
          </span>
        );
      }
      case 'break':
        return <br key={i} />;
      default:
        return assertNever(node);
    }
  });
}

function assertNever(value: never): never {
  throw new Error(`Unhandled markdown node ${JSON.stringify(value)}`);
}
