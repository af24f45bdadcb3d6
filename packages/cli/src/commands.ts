import { ContainerCreate } from './commands/container/create.js';
import { ContainerExport } from './commands/container/export.js';
import { ContainerInspect } from './commands/container/inspect.js';
import { ContainerList } from './commands/container/list.js';
import { ContainerRemove } from './commands/container/rm.js';
import { ContainerRun } from './commands/container/run.js';
import { ContainerStart } from './commands/container/start.js';
import { ImageExists } from './commands/image/exists.js';
import { ImageHistory } from './commands/image/history.js';
import { ImageImport } from './commands/image/import.js';
import { ImageInspect } from './commands/image/inspect.js';
import { ImageList } from './commands/image/list.js';
import { ImageLoad } from './commands/image/load.js';
import { ImagePull } from './commands/image/pull.js';
import { ImagePush } from './commands/image/push.js';
import { ImagePrune } from './commands/image/prune.js';
import { ImageRemove } from './commands/image/rm.js';
import { ImageSave } from './commands/image/save.js';
import { ImageTag } from './commands/image/tag.js';
import { ImageUntag } from './commands/image/untag.js';
import { Login } from './commands/login/login.js';
import { Logout } from './commands/login/logout.js';
import { PluginList } from './commands/plugin/list.js';

/** COMMANDS maps oclif command ids (noun:verb) to classes; Podman's short forms are aliases. */
export const COMMANDS = {
  'container:create': ContainerCreate,
  'container:export': ContainerExport,
  'container:inspect': ContainerInspect,
  'container:ls': ContainerList,
  'container:rm': ContainerRemove,
  'container:run': ContainerRun,
  'container:start': ContainerStart,
  'image:exists': ImageExists,
  'image:history': ImageHistory,
  'image:import': ImageImport,
  'image:inspect': ImageInspect,
  'image:load': ImageLoad,
  'image:ls': ImageList,
  'image:prune': ImagePrune,
  'image:pull': ImagePull,
  'image:push': ImagePush,
  'image:rm': ImageRemove,
  'image:save': ImageSave,
  'image:tag': ImageTag,
  'image:untag': ImageUntag,
  login: Login,
  logout: Logout,
  'plugin:ls': PluginList,
};
