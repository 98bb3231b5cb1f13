import { createColumnHelper } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { DataTable } from '../table/DataTable.tsx';
import type { TableViewState } from '../table/types.ts';
import { Badge, DateText } from './bits.tsx';
import { formatCount } from '../format.ts';
import { modelCountText, UNKNOWN_MODEL_HELP, type ModelView } from './model.ts';
import { modelHref } from './routes.ts';
import { ApiText } from '../ApiText.tsx';

const col = createColumnHelper<ModelView>();

export function ModelName({ model }: { model: ModelView }) {
  return (
    <div className="name-cell">
      <div className="name-line">
        <a href={modelHref(model.id)} tabIndex={-1} className="name" title={model.unknown ? UNKNOWN_MODEL_HELP : undefined}>
          <ApiText>{model.name}</ApiText>
        </a>
        {model.lifecycle && (
          <Badge kind={model.lifecycle.kind === 'retired' ? 'danger' : 'warn'} help={model.lifecycle.retiresOn ? `Retirement date: ${model.lifecycle.retiresOn}` : undefined}>
            {model.lifecycle.label}
          </Badge>
        )}
      </div>
      <div className="sub">
        {model.unknown ? (
          <span title={UNKNOWN_MODEL_HELP}>Legacy chats without a model</span>
        ) : model.inCatalog ? (
          <code>{model.rawId}</code>
        ) : (
          <span title="This model id is not in the catalog bundled with the extension; nothing about it is guessed.">Not in the bundled catalog</span>
        )}
      </div>
    </div>
  );
}

const count = (n: number) => formatCount(n);

export const MODEL_COLUMNS = [
  col.accessor('name', {
    id: 'name',
    header: 'Name',
    sortingFn: 'text',
    cell: (c) => <ModelName model={c.row.original} />,
    meta: {
      width: '34%',
      exportExtra: [
        { header: 'Model id', value: (m) => m.rawId },
        { header: 'Lifecycle', value: (m) => m.lifecycle?.kind ?? (m.inCatalog ? 'active' : null) },
        { header: 'Retires on', value: (m) => m.lifecycle?.retiresOn ?? null },
      ],
    },
  }),
  col.accessor((m) => m.added ?? undefined, {
    id: 'added',
    header: 'Added',
    sortUndefined: 'last',
    sortDescFirst: false,
    cell: (c) => <DateText iso={c.row.original.added} />,
    meta: { width: '14%', description: 'When the first chat with this model was created (first seen).' },
  }),
  col.accessor('projects', { header: 'Projects', cell: (c) => count(c.getValue()), meta: { width: '11%', numeric: true, description: 'Distinct projects with chats using this model.' } }),
  col.accessor('organizations', { header: 'Organizations', cell: (c) => count(c.getValue()), meta: { width: '13%', numeric: true } }),
  col.accessor('chats', {
    id: 'chats',
    header: 'Used in chats',
    cell: (c) => count(c.getValue()),
    meta: { width: '14%', numeric: true, description: "Chats whose selected model is this one (a chat's current model; mid-chat switches are not recorded)." },
  }),
  col.accessor('users', { header: 'Users', cell: (c) => count(c.getValue()), meta: { width: '14%', numeric: true, description: 'Distinct users with chats using this model.' } }),
];

const searchText = (m: ModelView) => m.searchText;
const rowId = (m: ModelView) => m.id;

export function ModelsTable(props: {
  models: ModelView[];
  state: TableViewState;
  onStateChange: (u: (s: TableViewState) => TableViewState) => void;
  onOpen: (m: ModelView) => void;
  empty: ReactNode;
  restoreFocus: boolean;
}) {
  return (
    <DataTable
      caption="Claude models in use"
      data={props.models}
      columns={MODEL_COLUMNS}
      getRowId={rowId}
      getSearchText={searchText}
      searchLabel="Search models"
      noun={{ one: 'model', many: 'models' }}
      countText={modelCountText}
      state={props.state}
      onStateChange={props.onStateChange}
      onOpen={props.onOpen}
      empty={props.empty}
      restoreFocus={props.restoreFocus}
      exportAs="Models"
    />
  );
}
