import { Complete } from './commands/completion/complete.js';
import { Completion } from './commands/completion/completion.js';
import { ContainerAttach } from './commands/container/attach.js';
import { ContainerCleanup } from './commands/container/cleanup.js';
import { ContainerExec } from './commands/container/exec.js';
import { ContainerExists } from './commands/container/exists.js';
import { ContainerKill } from './commands/container/kill.js';
import { ContainerPause } from './commands/container/pause.js';
import { ContainerPrune } from './commands/container/prune.js';
import { ContainerRestart } from './commands/container/restart.js';
import { ContainerStop } from './commands/container/stop.js';
import { ContainerTop } from './commands/container/top.js';
import { ContainerUnpause } from './commands/container/unpause.js';
import { ContainerWait } from './commands/container/wait.js';
import { ContainerCreate } from './commands/container/create.js';
import { ContainerExport } from './commands/container/export.js';
import { ContainerInspect } from './commands/container/inspect.js';
import { ContainerList } from './commands/container/list.js';
import { ContainerLogs } from './commands/container/logs.js';
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
import { SystemEvents } from './commands/system/events.js';
import { SystemInfo } from './commands/system/info.js';
import { SystemDf } from './commands/system/df.js';
import { SystemPrune } from './commands/system/prune.js';
import { SystemReset } from './commands/system/reset.js';
import { SystemUnshare } from './commands/system/unshare.js';
import { SystemVersion } from './commands/system/version.js';
import { VolumeCreate } from './commands/volume/create.js';
import { VolumeInspect } from './commands/volume/inspect.js';
import { VolumeList } from './commands/volume/list.js';
import { VolumePrune } from './commands/volume/prune.js';
import { VolumeRemove } from './commands/volume/rm.js';

/** COMMANDS maps oclif command ids (noun:verb) to classes; Podman's short forms are aliases. */
export const COMMANDS = {
  __complete: Complete,
  completion: Completion,
  'container:attach': ContainerAttach,
  'container:cleanup': ContainerCleanup,
  'container:exec': ContainerExec,
  'container:exists': ContainerExists,
  'container:kill': ContainerKill,
  'container:pause': ContainerPause,
  'container:prune': ContainerPrune,
  'container:restart': ContainerRestart,
  'container:stop': ContainerStop,
  'container:top': ContainerTop,
  'container:unpause': ContainerUnpause,
  'container:wait': ContainerWait,
  'container:create': ContainerCreate,
  'container:export': ContainerExport,
  'container:inspect': ContainerInspect,
  'container:logs': ContainerLogs,
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
  'system:events': SystemEvents,
  'system:info': SystemInfo,
  'system:df': SystemDf,
  'system:prune': SystemPrune,
  'system:reset': SystemReset,
  'system:unshare': SystemUnshare,
  'system:version': SystemVersion,
  'volume:create': VolumeCreate,
  'volume:inspect': VolumeInspect,
  'volume:ls': VolumeList,
  'volume:prune': VolumePrune,
  'volume:rm': VolumeRemove,
};
